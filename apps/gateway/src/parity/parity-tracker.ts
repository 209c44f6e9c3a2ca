import type { ParityConfig } from '../config/config.schema';
import type { RouteInstruments } from '../metrics/route-instruments';
import { SlidingWindow } from '../metrics/sliding-window';
import type { Difference, MismatchKind } from './json-diff';
import { PathSet } from './json-path';

/** What the control plane shows for a route: paths, kinds and counts, never a value. */
export interface ParityReport {
  route: string;
  /** Comparisons and matches in the window, and their ratio (null before any comparison). */
  comparisons: number;
  matches: number;
  parityRate: number | null;
  windowMs: number;
  totalComparisons: number;
  totalMatches: number;
  /** Shadowed requests that could not be compared, by reason. */
  skipped: Record<string, number>;
  mismatches: Array<{ path: string; kind: MismatchKind; count: number }>;
  /** Paths learned to differ between two legacy answers, hence ignored. */
  noise: string[];
}

/** Distinct mismatch paths kept per route; the rest are counted under "(other)". */
const MAX_PATHS = 200;

class RouteParity {
  readonly noise = new PathSet();
  readonly window: SlidingWindow;
  readonly mismatches = new Map<string, { path: string; kind: MismatchKind; count: number }>();
  readonly skipped: Record<string, number> = {};
  totalComparisons = 0;
  totalMatches = 0;
  noiseSamples = 0;

  constructor(windowMs: number) {
    this.window = new SlidingWindow(windowMs);
  }
}

/**
 * Parity per route: learned noise, mismatch counts and a parity rate over a sliding window. Fed by
 * the shadow path; read by the control plane (reports), auto-rollback (rate) and metrics.
 */
export class ParityTracker {
  private readonly routes = new Map<string, RouteParity>();
  private readonly ignoreSets = new WeakMap<ParityConfig, PathSet>();

  private of(route: string, windowMs = 60_000): RouteParity {
    let found = this.routes.get(route);
    if (!found) {
      found = new RouteParity(windowMs);
      this.routes.set(route, found);
    }
    return found;
  }

  /** Whether this shadowed request should also ask legacy twice, to learn noise. */
  wantsNoiseSample(route: string, config: ParityConfig | undefined, windowMs?: number): boolean {
    const state = this.of(route, windowMs);
    const warmup = config?.noiseWarmup ?? 10;
    const rate = config?.noiseSampleRate ?? 0.1;
    if (state.noiseSamples < warmup) return true;
    return Math.random() < rate;
  }

  /** Paths that differ between two legacy answers to the same request are noise from now on. */
  learnNoise(route: string, diffs: readonly Difference[]): void {
    const state = this.of(route);
    state.noiseSamples++;
    for (const d of diffs) if (d.kind !== 'status') state.noise.add(d.path);
  }

  /** A predicate for the diff: configured ignore rules plus learned noise. */
  skipper(route: string, config: ParityConfig | undefined): (path: string) => boolean {
    let ignore = config ? this.ignoreSets.get(config) : undefined;
    if (!ignore) {
      ignore = new PathSet(config?.ignore ?? []);
      if (config) this.ignoreSets.set(config, ignore);
    }
    const noise = this.of(route).noise;
    const rules = ignore;
    return (path) => rules.has(path) || noise.has(path);
  }

  record(route: string, diffs: readonly Difference[], instruments?: RouteInstruments): void {
    const state = this.of(route);
    const matched = diffs.length === 0;
    state.window.addComparison(matched);
    state.totalComparisons++;
    if (matched) {
      state.totalMatches++;
      if (!instruments) return;
      instruments.shadowResult('match');
      this.showRate(state, instruments);
      return;
    }
    const kinds = new Map<MismatchKind, number>();
    for (const d of diffs) {
      const key = state.mismatches.size < MAX_PATHS ? `${d.kind} ${d.path}` : `${d.kind} (other)`;
      const entry = state.mismatches.get(key) ?? {
        path: key.slice(d.kind.length + 1),
        kind: d.kind,
        count: 0,
      };
      entry.count++;
      state.mismatches.set(key, entry);
      kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    }
    if (!instruments) return;
    instruments.shadowResult('mismatch');
    for (const [kind, count] of kinds) instruments.mismatch(kind, count);
    this.showRate(state, instruments);
  }

  private showRate(state: RouteParity, instruments: RouteInstruments): void {
    const totals = state.window.comparisons();
    if (totals.compared) instruments.parityRate(totals.matched / totals.compared);
  }

  skip(route: string, reason: string, instruments?: RouteInstruments): void {
    const state = this.of(route);
    state.skipped[reason] = (state.skipped[reason] ?? 0) + 1;
    instruments?.shadowResult(`skipped_${reason}`);
  }

  /** Comparisons and matches in the window, for auto-rollback. */
  windowTotals(route: string): { compared: number; matched: number } {
    return this.routes.get(route)?.window.comparisons() ?? { compared: 0, matched: 0 };
  }

  /** Comparisons and matches in the window of every route ever compared or skipped. */
  windowRates(): Array<{ route: string; compared: number; matched: number }> {
    return [...this.routes].map(([route, state]) => ({ route, ...state.window.comparisons() }));
  }

  /** Comparisons and matches since start, whatever the window: the gates count from a baseline. */
  totals(route: string): { compared: number; matched: number } {
    const state = this.routes.get(route);
    return { compared: state?.totalComparisons ?? 0, matched: state?.totalMatches ?? 0 };
  }

  /** Forgets the window (not the noise) after a mode change, so old comparisons do not count. */
  resetWindow(route: string): void {
    this.routes.get(route)?.window.reset();
  }

  report(route: string): ParityReport | undefined {
    const state = this.routes.get(route);
    if (!state) return undefined;
    const totals = state.window.totals();
    return {
      route,
      comparisons: totals.compared,
      matches: totals.matched,
      parityRate: totals.compared ? totals.matched / totals.compared : null,
      windowMs: state.window.windowMs,
      totalComparisons: state.totalComparisons,
      totalMatches: state.totalMatches,
      skipped: { ...state.skipped },
      mismatches: [...state.mismatches.values()]
        .map((m) => ({ ...m }))
        .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)),
      noise: state.noise.values(),
    };
  }

  reports(): ParityReport[] {
    return [...this.routes.keys()].sort().flatMap((r) => this.report(r) ?? []);
  }
}
