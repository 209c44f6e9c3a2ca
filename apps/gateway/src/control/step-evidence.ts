import { bucketQuantile } from '../admin/route-stats';
import { UNMATCHED_ROUTE } from '../metrics/gateway-metrics';
import type { RouteInstruments, Side } from '../metrics/route-instruments';
import { DURATION_BUCKETS } from '../metrics/route-instruments';
import type { ParityTracker } from '../parity/parity-tracker';
import type { RouteChange, RouteRegistry } from '../routing/route-registry';
import type { ReconciliationReading } from './reconciliation-reading';
import type { SyncReading } from './sync-reading';

/** Requests answered since this gateway started, by who answered. */
export interface Traffic {
  legacy: number;
  new: number;
  /** Answered by the gateway itself: retired routes' 410s, refusals, upstream failures. */
  gateway: number;
  /** new / (legacy + new): how much of the traffic the new code serves; null without any. */
  newShare: number | null;
}

/** One side's answers in the step. */
export interface SideFigures {
  requests: number;
  /** 5xx answers; for the new service, every request it failed and legacy answered instead too. */
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  /** The 99th percentile as the upper bound of its histogram bucket; null without requests. */
  p99Ms: number | null;
}

/** What a route's current mode has shown since it was entered, on this gateway. */
export interface StepFigures {
  /** When this gateway saw the route enter its current mode and weight (or started). */
  since: Date;
  comparisons: number;
  matches: number;
  /** matches / comparisons; null when nothing was compared (never shown as 100%). */
  parityRate: number | null;
  legacy: SideFigures;
  new: SideFigures;
  /** The route target's last reconciliation, when the gateway reads it (not step traffic). */
  reconciliation?: ReconciliationReading;
  /** The route target's sync status, when the gateway reads it (not step traffic). */
  sync?: SyncReading;
}

interface Counters {
  compared: number;
  matched: number;
  failOpens: number;
  legacy: { requests: number; errors: number; bins: number[] };
  new: { requests: number; errors: number; bins: number[] };
}

interface Baseline {
  since: Date;
  counters: Counters;
}

/**
 * The evidence the gates read: the route's cumulative counters (metrics and parity) minus their
 * values when the route entered its current mode, so every step is judged on its own traffic.
 * Counters are this process's, like the figures /metrics shows: a restart starts the step again.
 */
export class StepEvidence {
  private readonly baselines = new Map<string, Baseline>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly registry: RouteRegistry,
    private readonly instruments: (route: string) => RouteInstruments,
    private readonly parity: ParityTracker,
    private readonly now: () => Date = () => new Date(),
  ) {
    const started = this.now();
    for (const view of registry.list()) this.rebase(view.name, started);
    this.unsubscribe = registry.onChange((change) => this.onChange(change));
  }

  figures(route: string): StepFigures {
    const base = this.baselines.get(route) ?? this.rebase(route, this.now());
    const now = this.read(route);
    const was = base.counters;
    const compared = now.compared - was.compared;
    const matched = now.matched - was.matched;
    const failOpens = now.failOpens - was.failOpens;
    return {
      since: base.since,
      comparisons: compared,
      matches: matched,
      parityRate: compared > 0 ? matched / compared : null,
      // A fail-open is a request the new service was given and failed; legacy's answer to it
      // says nothing about legacy.
      new: side(now.new, was.new, failOpens, failOpens),
      legacy: side(now.legacy, was.legacy, -failOpens, 0),
    };
  }

  /** The route's requests since start, by who answered (the strangling progress). */
  traffic(route: string): Traffic {
    const instruments = this.instruments(route);
    const legacy = instruments.sideTotals('legacy').requests;
    const newer = instruments.sideTotals('new').requests;
    return share(legacy, newer, instruments.sideTotals('gateway').requests);
  }

  /** Every route's traffic and the requests no route matched (they go to legacy), summed. */
  overall(routes: readonly string[]): Traffic {
    const all = [...routes, UNMATCHED_ROUTE].map((r) => this.traffic(r));
    const sum = (pick: (t: Traffic) => number) => all.reduce((n, t) => n + pick(t), 0);
    return share(
      sum((t) => t.legacy),
      sum((t) => t.new),
      sum((t) => t.gateway),
    );
  }

  close(): void {
    this.unsubscribe();
  }

  private onChange(change: RouteChange): void {
    if (!change.after) {
      this.baselines.delete(change.route);
      return;
    }
    const { before, after } = change;
    if (before && before.mode === after.mode && before.weight === after.weight) return;
    this.rebase(change.route, change.at);
  }

  private rebase(route: string, since: Date): Baseline {
    const baseline = { since, counters: this.read(route) };
    this.baselines.set(route, baseline);
    return baseline;
  }

  private read(route: string): Counters {
    const instruments = this.instruments(route);
    const totals = this.parity.totals(route);
    return {
      compared: totals.compared,
      matched: totals.matched,
      failOpens: instruments.failOpens,
      legacy: instruments.sideTotals('legacy' satisfies Side),
      new: instruments.sideTotals('new' satisfies Side),
    };
  }
}

function share(legacy: number, newer: number, gateway: number): Traffic {
  const served = legacy + newer;
  return { legacy, new: newer, gateway, newShare: served > 0 ? newer / served : null };
}

function side(
  now: Counters['legacy'],
  was: Counters['legacy'],
  extraRequests: number,
  extraErrors: number,
): SideFigures {
  const requests = Math.max(0, now.requests - was.requests + extraRequests);
  const errors = Math.min(requests, Math.max(0, now.errors - was.errors + extraErrors));
  let cumulative = 0;
  const buckets = now.bins.map((count, i): [number, number] => {
    cumulative += count - (was.bins[i] ?? 0);
    return [DURATION_BUCKETS[i] ?? Infinity, cumulative];
  });
  const p99 = bucketQuantile(buckets, 0.99);
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    p99Ms: p99 === null ? null : Math.round(p99 * 1000),
  };
}
