import type { Logger } from '@ficus/core';
import type { RouteConfig, SloConfig } from '../config/config.schema';
import { SlidingWindow } from '../metrics/sliding-window';
import type { ParityTracker } from '../parity/parity-tracker';
import type { RouteChange, RouteRegistry } from '../routing/route-registry';

/** Modes in which the new service is exercised, so an SLO breach means "step back". */
const WATCHED = new Set(['shadow', 'canary', 'new']);

/** How often a route's window is evaluated at most: summing the ring is cheap, not free. */
const EVALUATE_EVERY_MS = 100;

interface Watch {
  window: SlidingWindow;
  lastEvaluated: number;
}

/** The first objective the totals break, described with value and threshold (no request data). */
export function sloBreach(
  slo: SloConfig,
  totals: { requests: number; errors: number; p99Ms: number | undefined },
  parity: { compared: number; matched: number },
): string | undefined {
  if (totals.requests >= slo.minRequests) {
    const errorRate = totals.errors / totals.requests;
    if (slo.maxErrorRate !== undefined && errorRate > slo.maxErrorRate)
      return `maxErrorRate: error rate ${errorRate.toFixed(3)} > ${slo.maxErrorRate} over ${totals.requests} requests in ${slo.window} ms`;
    if (slo.maxP99Ms !== undefined && totals.p99Ms !== undefined && totals.p99Ms > slo.maxP99Ms)
      return `maxP99Ms: p99 ${Math.round(totals.p99Ms)} ms > ${slo.maxP99Ms} ms over ${totals.requests} requests in ${slo.window} ms`;
  }
  if (slo.minParityRate !== undefined && parity.compared >= slo.minRequests) {
    const rate = parity.matched / parity.compared;
    if (rate < slo.minParityRate)
      return `minParityRate: parity ${rate.toFixed(3)} < ${slo.minParityRate} over ${parity.compared} comparisons in ${slo.window} ms`;
  }
  return undefined;
}

/**
 * Watches each route's SLOs over a sliding window of the new service's outcomes (requests it
 * answered, fail-opens and shadow copies) and, on a breach, returns the route to its previous mode
 * through the registry, whose change listeners write the audit entry.
 */
export class AutoRollback {
  private readonly watches = new Map<string, Watch>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly registry: RouteRegistry,
    private readonly parity: ParityTracker,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = registry.onChange((change) => this.forget(change));
  }

  /** One outcome of the new service for a route (error: 5xx, refused, reset or timed out). */
  record(route: RouteConfig, ms: number, error: boolean): void {
    if (!route.slo) return;
    this.watchOf(route.name, route.slo).window.addRequest(ms, error);
    this.check(route);
  }

  /** Evaluates the route's objectives, at most every EVALUATE_EVERY_MS. */
  check(route: RouteConfig): void {
    const slo = route.slo;
    if (!slo || !WATCHED.has(route.mode)) return;
    const watch = this.watchOf(route.name, slo);
    const now = this.now();
    if (now - watch.lastEvaluated < EVALUATE_EVERY_MS) return;
    watch.lastEvaluated = now;
    const breach = sloBreach(slo, watch.window.totals(), this.parity.windowTotals(route.name));
    if (!breach) return;
    const live = this.registry.get(route.name);
    // Another replica or an operator may have moved the route already; act on the live mode only.
    if (!live || live.mode !== route.mode) return;
    try {
      this.registry.rollback(route.name, 'auto-rollback', breach);
      this.log.warn({ route: route.name, reason: breach }, 'route rolled back automatically');
    } catch (err) {
      this.log.error({ route: route.name, err: (err as Error).message }, 'auto-rollback failed');
    }
  }

  close(): void {
    this.unsubscribe();
  }

  private watchOf(name: string, slo: SloConfig): Watch {
    let watch = this.watches.get(name);
    if (!watch || watch.window.windowMs !== slo.window) {
      watch = { window: new SlidingWindow(slo.window, 20, this.now), lastEvaluated: 0 };
      this.watches.set(name, watch);
    }
    return watch;
  }

  /** A new mode starts with an empty window: the old mode's outcomes say nothing about it. */
  private forget(change: RouteChange): void {
    this.watches.delete(change.route);
    this.parity.resetWindow(change.route);
  }
}
