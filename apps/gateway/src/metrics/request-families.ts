/** The series one route keeps for the two families every request touches (RouteInstruments). */
export interface RequestSeriesSource {
  readonly route: string;
  /** Requests per (target, method, code class) slot; `requestLabels(slot)` names the slot. */
  readonly requestCounts: Float64Array;
  /** Per target: one count per bucket bound plus one for +Inf, not cumulative. */
  readonly bucketCounts: Float64Array;
  readonly durationSums: Float64Array;
  readonly durationCounts: Float64Array;
}

export interface RequestLabelSpace {
  /** The target, method and code_class of a request-count slot. */
  requestLabels(slot: number): { target: string; method: string; code_class: string };
  readonly targets: readonly string[];
  readonly buckets: readonly number[];
}

/** One sample as prom-client's families give it from `get()`. */
export interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

type Values = Sample[];

interface FamilyOptions {
  name: string;
  help: string;
  labels: RequestLabelSpace;
  sources: () => Iterable<RequestSeriesSource>;
}

/**
 * ficus_requests_total and ficus_request_duration_seconds, the two families every request
 * touches. Each route counts into plain number arrays (a counter increment and a bucket increment
 * per request); the families read those arrays when Prometheus scrapes. prom-client's labelled
 * children would convert, validate and hash their label values on every inc() and observe().
 * Registered in the gateway's prom-client registry, they render and aggregate like its own
 * families (same `get()` shape: `_bucket` series with `le`, then `_sum` and `_count`).
 */
export abstract class RequestFamily {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum' as const;
  protected readonly labels: RequestLabelSpace;
  protected readonly sources: () => Iterable<RequestSeriesSource>;

  constructor(opts: FamilyOptions) {
    this.name = opts.name;
    this.help = opts.help;
    this.labels = opts.labels;
    this.sources = opts.sources;
  }

  abstract readonly type: 'counter' | 'histogram';
  protected abstract values(): Values;

  get(): Promise<{
    name: string;
    help: string;
    type: RequestFamily['type'];
    aggregator: 'sum';
    values: Values;
  }> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.values(),
    });
  }

  /** Back to no series, as prom-client's `registry.resetMetrics()` does to its own families. */
  abstract reset(): void;
}

export class RequestCounterFamily extends RequestFamily {
  readonly type = 'counter' as const;

  reset(): void {
    for (const source of this.sources()) source.requestCounts.fill(0);
  }

  protected values(): Values {
    const values: Values = [];
    for (const source of this.sources()) {
      const counts = source.requestCounts;
      for (let slot = 0; slot < counts.length; slot++) {
        const value = counts[slot]!;
        if (value === 0) continue;
        values.push({ value, labels: { route: source.route, ...this.labels.requestLabels(slot) } });
      }
    }
    return values;
  }
}

export class RequestDurationFamily extends RequestFamily {
  readonly type = 'histogram' as const;

  reset(): void {
    for (const source of this.sources()) {
      source.bucketCounts.fill(0);
      source.durationSums.fill(0);
      source.durationCounts.fill(0);
    }
  }

  protected values(): Values {
    const values: Values = [];
    const { targets, buckets } = this.labels;
    const width = buckets.length + 1;
    for (const source of this.sources()) {
      for (let t = 0; t < targets.length; t++) {
        const count = source.durationCounts[t]!;
        if (count === 0) continue;
        const labels = { route: source.route, target: targets[t]! };
        let cumulative = 0;
        for (let b = 0; b < width; b++) {
          cumulative += source.bucketCounts[t * width + b]!;
          values.push({
            metricName: `${this.name}_bucket`,
            labels: { le: b < buckets.length ? buckets[b]! : '+Inf', ...labels },
            value: cumulative,
          });
        }
        values.push({ metricName: `${this.name}_sum`, labels, value: source.durationSums[t]! });
        values.push({ metricName: `${this.name}_count`, labels, value: count });
      }
    }
    return values;
  }
}
