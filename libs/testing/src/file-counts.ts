/** Tests passed and failed in one test file, as the summary reporter counts them. */
export interface FileCounts {
  pass: number;
  fail: number;
}
