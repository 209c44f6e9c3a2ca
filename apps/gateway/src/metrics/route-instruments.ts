import type { Counter, Gauge } from 'prom-client';
import { HTTP_METHODS } from '../config/config.schema';
import type { RequestLabelSpace, RequestSeriesSource } from './request-families';

/** Who answered a client: the legacy upstream, the new service, or the gateway itself (410, 413, 502...). */
export type Side = 'legacy' | 'new' | 'gateway';

/** Any other method is counted as OTHER, so a client cannot mint label values. */
const METRIC_METHODS = [...HTTP_METHODS, 'OTHER'] as const;

/** The gateway's metric families a route binds children of (GatewayMetrics has them all). */
export interface RouteMetricFamilies {
  upstreamErrors: Counter<'route' | 'target' | 'kind'>;
  shadowComparisons: Counter<'route' | 'result'>;
  shadowMismatches: Counter<'route' | 'kind'>;
  parityRate: Gauge<'route'>;
  failOpen: Counter<'route' | 'reason'>;
}

const SIDES: readonly Side[] = ['legacy', 'new', 'gateway'];
const CODE_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** Upper bounds (seconds) of ficus_request_duration_seconds. */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** How a route's request-count slots and duration rows map to label values. */
export const REQUEST_LABELS: RequestLabelSpace = {
  targets: SIDES,
  buckets: DURATION_BUCKETS,
  requestLabels(slot: number) {
    const c = slot % CODE_CLASSES.length;
    const rest = (slot - c) / CODE_CLASSES.length;
    const m = rest % METRIC_METHODS.length;
    const s = (rest - m) / METRIC_METHODS.length;
    return { target: SIDES[s]!, method: METRIC_METHODS[m]!, code_class: CODE_CLASSES[c]! };
  },
};

function methodIndex(method: string): number {
  const i = (METRIC_METHODS as readonly string[]).indexOf(method);
  return i === -1 ? METRIC_METHODS.length - 1 : i;
}

function classIndex(status: number): number {
  const i = Math.floor(status / 100) - 1;
  return i < 0 || i > 4 ? 4 : i;
}

/**
 * One route's metrics. The request count and duration, which every request updates, are plain
 * numbers in arrays indexed by side, method and status class (read at scrape time by
 * request-families.ts); the rarer counters are prom-client label children, created on first use
 * and then looked up. The request path never builds a label object or hashes label values.
 */
export class RouteInstruments implements RequestSeriesSource {
  readonly requestCounts = new Float64Array(
    SIDES.length * METRIC_METHODS.length * CODE_CLASSES.length,
  );
  readonly bucketCounts = new Float64Array(SIDES.length * (DURATION_BUCKETS.length + 1));
  readonly durationSums = new Float64Array(SIDES.length);
  readonly durationCounts = new Float64Array(SIDES.length);
  private readonly errorChildren = new Map<string, Counter.Internal>();
  private readonly failOpenChildren = new Map<string, Counter.Internal>();
  private readonly shadowChildren = new Map<string, Counter.Internal>();
  private readonly mismatchChildren = new Map<string, Counter.Internal>();
  private parityGauge: Gauge.Internal<'route'> | undefined;
  /** Requests sent to legacy because the new service failed them, all reasons: read by the gates. */
  failOpens = 0;

  constructor(
    private readonly metrics: RouteMetricFamilies,
    readonly route: string,
  ) {}

  /** One answered request. */
  answered(side: Side, method: string, status: number, seconds: number): void {
    const s = SIDES.indexOf(side);
    const slot = (s * METRIC_METHODS.length + methodIndex(method)) * CODE_CLASSES.length;
    this.requestCounts[slot + classIndex(status)]! += 1;
    let b = 0;
    while (b < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[b]!) b++;
    this.bucketCounts[s * (DURATION_BUCKETS.length + 1) + b]! += 1;
    this.durationSums[s]! += seconds;
    this.durationCounts[s]! += 1;
  }

  /** Cumulative answers of one side since start: count, 5xx, and the duration histogram's bins. */
  sideTotals(side: Side): { requests: number; errors: number; bins: number[] } {
    const s = SIDES.indexOf(side);
    let requests = 0;
    let errors = 0;
    for (let m = 0; m < METRIC_METHODS.length; m++) {
      const slot = (s * METRIC_METHODS.length + m) * CODE_CLASSES.length;
      for (let c = 0; c < CODE_CLASSES.length; c++) requests += this.requestCounts[slot + c]!;
      errors += this.requestCounts[slot + CODE_CLASSES.length - 1]!;
    }
    const width = DURATION_BUCKETS.length + 1;
    const bins = Array.from(this.bucketCounts.subarray(s * width, (s + 1) * width));
    return { requests, errors, bins };
  }

  upstreamError(side: Side, kind: string): void {
    const key = `${side}:${kind}`;
    let counter = this.errorChildren.get(key);
    if (!counter) {
      counter = this.metrics.upstreamErrors.labels(this.route, side, kind);
      this.errorChildren.set(key, counter);
    }
    counter.inc();
  }

  failedOpen(reason: string): void {
    this.failOpens++;
    let counter = this.failOpenChildren.get(reason);
    if (!counter) {
      counter = this.metrics.failOpen.labels(this.route, reason);
      this.failOpenChildren.set(reason, counter);
    }
    counter.inc();
  }

  shadowResult(result: string): void {
    let counter = this.shadowChildren.get(result);
    if (!counter) {
      counter = this.metrics.shadowComparisons.labels(this.route, result);
      this.shadowChildren.set(result, counter);
    }
    counter.inc();
  }

  mismatch(kind: string, count: number): void {
    let counter = this.mismatchChildren.get(kind);
    if (!counter) {
      counter = this.metrics.shadowMismatches.labels(this.route, kind);
      this.mismatchChildren.set(kind, counter);
    }
    counter.inc(count);
  }

  parityRate(rate: number): void {
    this.parityGauge ??= this.metrics.parityRate.labels(this.route);
    this.parityGauge.set(rate);
  }
}
