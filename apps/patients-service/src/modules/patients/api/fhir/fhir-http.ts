/** `W/"3"`, `"3"` or `3` → 3; anything else → undefined. https://hl7.org/fhir/R4/http.html#concurrency */
export function versionOfETag(tag: string): number | undefined {
  const match = /^(?:W\/)?"?([1-9]\d{0,9})"?$/.exec(tag.trim());
  return match ? Number(match[1]) : undefined;
}

export function eTagOf(version: number): string {
  return `W/"${version}"`;
}
