import type { LoadResult, MaxLoadResult } from './load-result';

/**
 * Max load runs in interleaved rounds: every target gets one short run per round, so a burst of
 * other work on the machine lands on several targets instead of deciding one target's figure.
 */

/** The order of one round: the same cycle every round, each round starting one target further on. */
export function roundOrder<T>(targets: readonly T[], round: number): T[] {
  if (targets.length === 0) return [];
  const start = round % targets.length;
  return [...targets.slice(start), ...targets.slice(0, start)];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * One target's rounds as one figure: throughput is all its requests over all its seconds (a short
 * round weighs less), latency percentiles are the median round's (percentiles of different runs do
 * not add up, and the median ignores one disturbed round), max is the worst, errors add up.
 */
export function combineRounds(runs: readonly LoadResult[]): MaxLoadResult {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests,
    seconds,
    rps: seconds > 0 ? requests / seconds : 0,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    maxMs: runs.reduce((max, r) => Math.max(max, r.maxMs), 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    rounds: runs.map((r) => r.rps),
  };
}

/** (highest - lowest) / mean of the rounds' req/s: how much the machine moved the figure. */
export function roundSpread(rounds: readonly number[]): number | undefined {
  if (rounds.length < 2) return undefined;
  const mean = rounds.reduce((sum, r) => sum + r, 0) / rounds.length;
  return mean > 0 ? (Math.max(...rounds) - Math.min(...rounds)) / mean : undefined;
}
