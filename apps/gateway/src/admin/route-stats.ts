import type { GatewayMetrics } from '../metrics/gateway-metrics';

/** Cumulative counts since start; a reader takes two samples and divides the difference by time. */
export interface RouteStats {
  route: string;
  requests: number;
  /** Answers with a 5xx status, whoever gave them (upstream or the gateway). */
  errors: number;
  /** Cumulative latency histogram: [upper bound in seconds, requests at or under it]; +Inf last. */
  buckets: Array<[number, number]>;
  /** The 99th percentile since start, as the upper bound of its bucket; null without requests. */
  p99Ms: number | null;
  /** Shadow parity over the parity window, 0-1; null when the route was never compared. */
  parityRate: number | null;
}

/**
 * The q-quantile of a cumulative histogram, reported as the upper bound of the bucket it falls
 * in (what Prometheus' histogram_quantile would interpolate inside). Null when empty or in +Inf.
 */
export function bucketQuantile(
  buckets: ReadonlyArray<readonly [number, number]>,
  q: number,
): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  const hit = buckets.find(([, count]) => count >= rank);
  return hit && Number.isFinite(hit[0]) ? hit[0] : null;
}

function entry(stats: Map<string, RouteStats>, route: string): RouteStats {
  let found = stats.get(route);
  if (!found) {
    found = { route, requests: 0, errors: 0, buckets: [], p99Ms: null, parityRate: null };
    stats.set(route, found);
  }
  return found;
}

function addBucket(stats: RouteStats, le: number, count: number): void {
  const at = stats.buckets.find(([bound]) => bound === le);
  if (at) at[1] += count;
  else stats.buckets.push([le, count]);
}

/** Per-route figures for the dashboard, read from the gateway's Prometheus metrics. */
export async function collectRouteStats(metrics: GatewayMetrics): Promise<RouteStats[]> {
  const stats = new Map<string, RouteStats>();
  for (const { labels, value } of (await metrics.requests.get()).values) {
    const s = entry(stats, String(labels.route));
    s.requests += value;
    if (labels.code_class === '5xx') s.errors += value;
  }
  for (const { labels, value, metricName } of (await metrics.duration.get()).values) {
    if (!metricName?.endsWith('_bucket')) continue;
    const bound = (labels as Record<string, unknown>).le;
    const le = bound === '+Inf' ? Infinity : Number(bound);
    addBucket(entry(stats, String(labels.route)), le, value);
  }
  for (const { labels, value } of (await metrics.parityRate.get()).values) {
    entry(stats, String(labels.route)).parityRate = value;
  }
  for (const s of stats.values()) {
    s.buckets.sort(([a], [b]) => a - b);
    const p99 = bucketQuantile(s.buckets, 0.99);
    s.p99Ms = p99 === null ? null : Math.round(p99 * 1000);
  }
  return [...stats.values()].sort((a, b) => (a.route < b.route ? -1 : 1));
}
