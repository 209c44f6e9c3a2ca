/** What one load run measured, whichever client produced it. Latencies in milliseconds. */
export interface LoadResult {
  /** Responses received in the measured window. */
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connect, read, write and timeout errors. */
  errors: number;
  /** Responses with a status outside 2xx/3xx. */
  non2xx: number;
}

/** For constant-rate runs: the rate asked for, beside what was achieved. */
export interface RateResult extends LoadResult {
  targetRps: number;
}

/** Max load measured in interleaved rounds: the rounds combined, and each round's req/s. */
export interface MaxLoadResult extends LoadResult {
  /** req/s of each round, in round order: their spread is the machine's noise. */
  rounds: number[];
}
