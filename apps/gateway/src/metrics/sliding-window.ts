/**
 * Counters over the last `windowMs`, kept in a ring of time buckets (never a list of requests), so
 * memory is fixed and old data ages out a bucket at a time. Latency goes into a log-scale histogram
 * per bucket (each bin 10% wider than the last), so a percentile is read to within about 5%.
 */
const LATENCY_BINS = 160;
const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);

function latencyBin(ms: number): number {
  if (ms <= 1) return 0;
  return Math.min(LATENCY_BINS - 1, Math.ceil(Math.log(ms) / LOG_GROWTH));
}

export interface WindowTotals {
  requests: number;
  errors: number;
  compared: number;
  matched: number;
  /** The 99th percentile latency in ms, or undefined with no requests. */
  p99Ms: number | undefined;
}

export class SlidingWindow {
  private readonly bucketMs: number;
  private readonly epochs: Float64Array;
  private readonly requests: Uint32Array;
  private readonly errors: Uint32Array;
  private readonly compared: Uint32Array;
  private readonly matched: Uint32Array;
  private readonly latency: Uint32Array;

  constructor(
    readonly windowMs: number,
    private readonly buckets = 20,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / buckets));
    this.epochs = new Float64Array(buckets).fill(-1);
    this.requests = new Uint32Array(buckets);
    this.errors = new Uint32Array(buckets);
    this.compared = new Uint32Array(buckets);
    this.matched = new Uint32Array(buckets);
    this.latency = new Uint32Array(buckets * LATENCY_BINS);
  }

  addRequest(ms: number, error: boolean): void {
    const slot = this.slot();
    this.requests[slot]!++;
    if (error) this.errors[slot]!++;
    this.latency[slot * LATENCY_BINS + latencyBin(ms)]!++;
  }

  addComparison(matched: boolean): void {
    const slot = this.slot();
    this.compared[slot]!++;
    if (matched) this.matched[slot]!++;
  }

  totals(): WindowTotals {
    const epoch = Math.floor(this.now() / this.bucketMs);
    const totals: WindowTotals = {
      requests: 0,
      errors: 0,
      compared: 0,
      matched: 0,
      p99Ms: undefined,
    };
    const bins = new Uint32Array(LATENCY_BINS);
    for (let slot = 0; slot < this.buckets; slot++) {
      const age = epoch - this.epochs[slot]!;
      // -1 marks an unused or reset slot; slots older than the window hold a past period.
      if (this.epochs[slot] === -1 || age >= this.buckets) continue;
      totals.requests += this.requests[slot]!;
      totals.errors += this.errors[slot]!;
      totals.compared += this.compared[slot]!;
      totals.matched += this.matched[slot]!;
      for (let b = 0; b < LATENCY_BINS; b++) bins[b]! += this.latency[slot * LATENCY_BINS + b]!;
    }
    totals.p99Ms = percentile(bins, totals.requests, 0.99);
    return totals;
  }

  /** Comparisons and matches only: what a parity rate needs, without the latency percentile. */
  comparisons(): { compared: number; matched: number } {
    const epoch = Math.floor(this.now() / this.bucketMs);
    let compared = 0;
    let matched = 0;
    for (let slot = 0; slot < this.buckets; slot++) {
      if (this.epochs[slot] === -1 || epoch - this.epochs[slot]! >= this.buckets) continue;
      compared += this.compared[slot]!;
      matched += this.matched[slot]!;
    }
    return { compared, matched };
  }

  reset(): void {
    this.epochs.fill(-1);
  }

  /** The current bucket, cleared first if it still holds an older period. */
  private slot(): number {
    const epoch = Math.floor(this.now() / this.bucketMs);
    const slot = epoch % this.buckets;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
      this.compared[slot] = 0;
      this.matched[slot] = 0;
      this.latency.fill(0, slot * LATENCY_BINS, (slot + 1) * LATENCY_BINS);
    }
    return slot;
  }
}

/** The geometric middle of the bin holding the quantile. */
function percentile(bins: Uint32Array, count: number, q: number): number | undefined {
  if (count === 0) return undefined;
  const rank = Math.ceil(count * q);
  let seen = 0;
  for (let b = 0; b < bins.length; b++) {
    seen += bins[b]!;
    if (seen >= rank) return b === 0 ? 1 : GROWTH ** (b - 0.5);
  }
  return GROWTH ** (LATENCY_BINS - 1);
}
