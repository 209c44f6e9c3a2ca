import { Counter, Gauge, Registry, type Metric } from 'prom-client';
import { ROUTE_MODES, type RouteMode } from '../config/config.schema';
import type { RouteChange, RouteRegistry } from '../routing/route-registry';
import { RequestCounterFamily, RequestDurationFamily } from './request-families';
import { REQUEST_LABELS, RouteInstruments } from './route-instruments';

export type { Side } from './route-instruments';

/** Route label of requests that matched no route: parentheses keep it apart from route names. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Comparisons per route in the parity window (ParityTracker). */
export interface ParityWindows {
  windowRates(): Array<{ route: string; compared: number; matched: number }>;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open';
const CIRCUIT_VALUE: Record<CircuitStateName, number> = { closed: 0, open: 1, 'half-open': 2 };

/**
 * The gateway's Prometheus metrics in their own registry (the control plane serves
 * `registry.metrics()` at /metrics). Labels are route and upstream NAMES from the config, never
 * paths, ids or anything a client chooses, so cardinality is bounded by the config.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: RequestCounterFamily;
  readonly duration: RequestDurationFamily;
  readonly upstreamErrors: Counter<'route' | 'target' | 'kind'>;
  readonly shadowComparisons: Counter<'route' | 'result'>;
  readonly shadowMismatches: Counter<'route' | 'kind'>;
  readonly parityRate: Gauge<'route'>;
  readonly canaryWeight: Gauge<'route'>;
  readonly routeMode: Gauge<'route' | 'mode'>;
  readonly failOpen: Counter<'route' | 'reason'>;
  readonly circuitState: Gauge<'upstream'>;
  private readonly instruments = new Map<string, RouteInstruments>();
  private paritySource: ParityWindows | undefined;

  constructor() {
    const registers = [this.registry];
    const sources = () => this.instruments.values();
    this.requests = new RequestCounterFamily({
      name: 'ficus_requests_total',
      help: 'Requests answered, by route, who answered (legacy, new or the gateway), method and status class.',
      labels: REQUEST_LABELS,
      sources,
    });
    this.duration = new RequestDurationFamily({
      name: 'ficus_request_duration_seconds',
      help: 'Time from request to the end of the response, by route and who answered.',
      labels: REQUEST_LABELS,
      sources,
    });
    // Families of their own (see request-families.ts) that render through the registry like
    // prom-client's: the registry reads name, help, type and get().
    this.registry.registerMetric(this.requests as unknown as Metric);
    this.registry.registerMetric(this.duration as unknown as Metric);
    this.upstreamErrors = new Counter({
      name: 'ficus_upstream_errors_total',
      help: 'Failed upstream exchanges, by kind: connect, timeout, reset, 5xx, circuit_open.',
      labelNames: ['route', 'target', 'kind'],
      registers,
    });
    this.shadowComparisons = new Counter({
      name: 'ficus_shadow_comparisons_total',
      help: 'Shadow comparisons by result: match, mismatch, or skipped_* when no comparison was possible.',
      labelNames: ['route', 'result'],
      registers,
    });
    this.shadowMismatches = new Counter({
      name: 'ficus_shadow_mismatches_total',
      help: 'Differences found by shadow comparisons, by kind (status, header, missing, extra, type, value).',
      labelNames: ['route', 'kind'],
      registers,
    });
    this.parityRate = new Gauge({
      name: 'ficus_parity_rate',
      help: 'Matching shadow comparisons over all comparisons in the parity window, 0-1; absent for a route with no comparison in the window.',
      labelNames: ['route'],
      registers,
      collect: () => this.collectParity(),
    });
    this.canaryWeight = new Gauge({
      name: 'ficus_canary_weight',
      help: 'Share of cohorts (0-100) a route sends to the new service in canary mode.',
      labelNames: ['route'],
      registers,
    });
    this.routeMode = new Gauge({
      name: 'ficus_route_mode',
      help: 'The current mode of each route: 1 for the current mode, 0 for the others.',
      labelNames: ['route', 'mode'],
      registers,
    });
    this.failOpen = new Counter({
      name: 'ficus_failopen_total',
      help: 'Requests sent to legacy because the new service failed (connect, timeout, 5xx, circuit_open) or has no such route (unrouted).',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.circuitState = new Gauge({
      name: 'ficus_circuit_state',
      help: 'Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open.',
      labelNames: ['upstream'],
      registers,
    });
  }

  /** The per-route label children, created once per route name and reused by every request. */
  forRoute(route: string): RouteInstruments {
    let found = this.instruments.get(route);
    if (!found) {
      found = new RouteInstruments(this, route);
      this.instruments.set(route, found);
    }
    return found;
  }

  /**
   * Reads the parity rate from the tracker's windows at scrape time: a rate set at the last
   * comparison would stay at its old value (often 1) after the window emptied or the route changed
   * mode, and show a parity nothing measured.
   */
  showParityFrom(source: ParityWindows): void {
    this.paritySource = source;
  }

  private collectParity(): void {
    const source = this.paritySource;
    if (!source) return;
    this.parityRate.reset();
    for (const { route, compared, matched } of source.windowRates())
      if (compared > 0) this.parityRate.labels(route).set(matched / compared);
  }

  setCircuitState(upstream: string, state: CircuitStateName): void {
    this.circuitState.labels(upstream).set(CIRCUIT_VALUE[state]);
  }

  /** Keeps the mode and weight gauges equal to the registry's live routes. */
  trackRoutes(registry: RouteRegistry): () => void {
    for (const view of registry.list()) this.showMode(view.name, view.mode, view.weight);
    return registry.onChange((change) => this.applyChange(change));
  }

  private applyChange(change: RouteChange): void {
    if (change.after) {
      this.showMode(change.route, change.after.mode, change.after.weight);
      return;
    }
    for (const mode of ROUTE_MODES) this.routeMode.remove(change.route, mode);
    this.canaryWeight.remove(change.route);
  }

  private showMode(route: string, current: RouteMode, weight: number): void {
    for (const mode of ROUTE_MODES)
      this.routeMode.labels(route, mode).set(mode === current ? 1 : 0);
    this.canaryWeight
      .labels(route)
      .set(current === 'canary' ? weight : current === 'new' ? 100 : 0);
  }
}
