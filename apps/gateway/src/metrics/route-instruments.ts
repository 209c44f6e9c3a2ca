import type { Counter, Gauge, Histogram } from 'prom-client';
import { HTTP_METHODS } from '../config/config.schema';

/** Who answered a client: the legacy upstream, the new service, or the gateway itself (410, 413, 502...). */
export type Side = 'legacy' | 'new' | 'gateway';

/** Any other method is counted as OTHER, so a client cannot mint label values. */
const METRIC_METHODS = [...HTTP_METHODS, 'OTHER'] as const;

/** The gateway's metric families a route binds children of (GatewayMetrics has them all). */
export interface RouteMetricFamilies {
  requests: Counter<'route' | 'target' | 'method' | 'code_class'>;
  duration: Histogram<'route' | 'target'>;
  upstreamErrors: Counter<'route' | 'target' | 'kind'>;
  shadowComparisons: Counter<'route' | 'result'>;
  shadowMismatches: Counter<'route' | 'kind'>;
  parityRate: Gauge<'route'>;
  failOpen: Counter<'route' | 'reason'>;
}

const SIDES: readonly Side[] = ['legacy', 'new', 'gateway'];
const CODE_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

function methodIndex(method: string): number {
  const i = (METRIC_METHODS as readonly string[]).indexOf(method);
  return i === -1 ? METRIC_METHODS.length - 1 : i;
}

function classIndex(status: number): number {
  const i = Math.floor(status / 100) - 1;
  return i < 0 || i > 4 ? 4 : i;
}

/**
 * One route's label children, created on first use and then only looked up by array index: the
 * request path never builds a label object or hashes label values.
 */
export class RouteInstruments {
  private readonly requestChildren: Array<Counter.Internal | undefined>;
  private readonly durationChildren: Array<Histogram.Internal<'route' | 'target'> | undefined>;
  private readonly errorChildren = new Map<string, Counter.Internal>();
  private readonly failOpenChildren = new Map<string, Counter.Internal>();
  private readonly shadowChildren = new Map<string, Counter.Internal>();
  private readonly mismatchChildren = new Map<string, Counter.Internal>();
  private parityGauge: Gauge.Internal<'route'> | undefined;

  constructor(
    private readonly metrics: RouteMetricFamilies,
    readonly route: string,
  ) {
    this.requestChildren = new Array<Counter.Internal | undefined>(
      SIDES.length * METRIC_METHODS.length * CODE_CLASSES.length,
    );
    this.durationChildren = new Array<Histogram.Internal<'route' | 'target'> | undefined>(
      SIDES.length,
    );
  }

  /** One answered request. */
  answered(side: Side, method: string, status: number, seconds: number): void {
    const s = SIDES.indexOf(side);
    const m = methodIndex(method);
    const c = classIndex(status);
    const slot = (s * METRIC_METHODS.length + m) * CODE_CLASSES.length + c;
    let counter = this.requestChildren[slot];
    if (!counter) {
      counter = this.metrics.requests.labels(
        this.route,
        side,
        METRIC_METHODS[m]!,
        CODE_CLASSES[c]!,
      );
      this.requestChildren[slot] = counter;
    }
    counter.inc();
    let histogram = this.durationChildren[s];
    if (!histogram) {
      histogram = this.metrics.duration.labels(this.route, side);
      this.durationChildren[s] = histogram;
    }
    histogram.observe(seconds);
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
