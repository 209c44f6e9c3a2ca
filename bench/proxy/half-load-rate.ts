import type { TargetId } from './targets';

export interface HalfLoadRate {
  /** Requests per second of every target's half-load run; null when there is nothing to base it on. */
  rps: number | null;
  /** Where it came from, for the report: "50% of ficus legacy max", "set with --half-rate". */
  source: string;
}

interface MeasuredRow {
  id: TargetId;
  label: string;
  max?: { rps: number };
}

/**
 * The gateway's target is "added p99 at half of max load": half of the gateway's own max, a rate it
 * can hold with headroom. Without a gateway legacy row, the bare http-proxy's max stands in (the
 * Node proxy it is judged against), then the upstream direct's.
 */
const BASES: readonly TargetId[] = ['gateway-legacy', 'http-proxy', 'direct'];

export function halfLoadRate(rows: readonly MeasuredRow[], override?: number): HalfLoadRate {
  if (override !== undefined) return { rps: override, source: 'set with --half-rate' };
  for (const id of BASES) {
    const row = rows.find((r) => r.id === id);
    if (row?.max && row.max.rps >= 2)
      return { rps: Math.round(row.max.rps / 2), source: `50% of ${row.label} max` };
  }
  return { rps: null, source: 'no max-load figure to take half of' };
}
