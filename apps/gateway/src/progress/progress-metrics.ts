import { Counter, Gauge, type Registry } from 'prom-client';
import { byRoute, overall } from './progress-summary';
import type { ProgressTracker } from './progress-tracker';

/** The label of the whole gateway's figure, beside the routes' names. */
export const ALL_ROUTES = '(all)';

/**
 * The strangling progress in Prometheus. Labels are route names from the config (and `(all)`,
 * `(unmatched)`): never an endpoint template, whose number a client could grow. The shares and
 * last-served times are read from the tracker at scrape time, so they are the control database's
 * (every replica's) when there is one.
 */
export function registerProgressMetrics(
  registry: Registry,
  tracker: () => ProgressTracker | undefined,
  routes: () => readonly string[],
): { unrouted: (route: string) => void } {
  const registers = [registry];
  const unrouted = new Counter({
    name: 'ficus_unrouted_total',
    help: 'Requests the new service answered with "no such route" (x-ficus-unrouted) in canary or new, by route; legacy served them when the body could be kept.',
    labelNames: ['route'],
    registers,
  });
  const share = new Gauge({
    name: 'ficus_traffic_new_share',
    help: 'Share (0-1) of the requests served by legacy or new that new code served, by route and (all); counted since ficus_progress began, across replicas with a control database.',
    labelNames: ['route'],
    registers,
    collect() {
      share.reset();
      const t = tracker();
      if (!t) return;
      const rows = byRoute(t.endpoints(), routes());
      for (const r of rows) if (r.newShare !== null) share.labels(r.route).set(r.newShare);
      const all = overall(rows);
      if (all.newShare !== null) share.labels(ALL_ROUTES).set(all.newShare);
    },
  });
  const lastLegacy = new Gauge({
    name: 'ficus_legacy_last_served_timestamp_seconds',
    help: 'When legacy last served a request of the route (fail-opens included), Unix seconds; absent when it has not since counting began.',
    labelNames: ['route'],
    registers,
    collect() {
      lastLegacy.reset();
      const t = tracker();
      if (!t) return;
      for (const r of byRoute(t.endpoints(), routes()))
        if (r.lastLegacy) lastLegacy.labels(r.route).set(r.lastLegacy.getTime() / 1000);
    },
  });
  return { unrouted: (route) => unrouted.labels(route).inc() };
}
