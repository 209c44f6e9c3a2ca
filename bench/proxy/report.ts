import type { LoadResult, RateResult } from './load-result';
import type { MachineInfo } from './machine';
import type { SoakResult } from './soak';
import type { TargetId } from './targets';

export interface TargetReport {
  id: TargetId;
  label: string;
  /** Why the row has no figures (the target would not start, or its load run failed). */
  error?: string;
  max?: LoadResult;
  halfLoad?: RateResult;
  /** Latency added over the upstream direct at max load (p50, p99), ms. */
  addedMs?: { p50: number; p99: number };
  /** p99 added over the upstream direct at the same constant rate, ms. */
  halfLoadAddedP99Ms?: number;
  peakRssBytes?: number;
  /** Requests the upstream served per side during the max-load run (canary split, shadow copies). */
  upstreamRequests?: { legacy: number; next: number };
}

export interface Verdict {
  value: number | null;
  target: string;
  met: boolean | null;
}

export interface Verdicts {
  /** Gateway legacy-mode throughput / bare http-proxy throughput. */
  legacyVsHttpProxy: Verdict;
  /** 1 - shadow throughput / legacy throughput. */
  shadowCost: Verdict;
  /** Gateway legacy p99 added over direct at 50% of the direct max rate, ms. */
  halfLoadAddedP99Ms: Verdict;
  /** Gateway RSS growth over the soak. */
  soakRssGrowth: Verdict;
}

export interface BenchSettings {
  quick: boolean;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  halfLoadRps: number | null;
  /** Where the half-load rate came from: 50% of the direct max, or --half-rate. */
  halfLoadSource: string;
  soakRequests: number;
  soakWsCycles: number;
}

export interface ProxyBenchReport {
  date: string;
  machine: MachineInfo;
  settings: BenchSettings;
  targets: TargetReport[];
  soak: SoakResult | { error: string } | null;
  verdicts: Verdicts;
}

/** A constant-rate run is valid when it achieved 95% of the rate asked for. */
export function holdsRate(run: RateResult): boolean {
  return run.rps >= run.targetRps * 0.95;
}

function verdict(value: number | null, target: string, ok: (v: number) => boolean): Verdict {
  return { value, target, met: value === null ? null : ok(value) };
}

/** Fills each row's latency added over the upstream direct, measured on the same client. */
export function withAddedLatency(targets: TargetReport[]): TargetReport[] {
  const direct = targets.find((t) => t.id === 'direct');
  return targets.map((t) => {
    if (t.id === 'direct') return t;
    const row: TargetReport = { ...t };
    if (t.max && direct?.max)
      row.addedMs = { p50: t.max.p50Ms - direct.max.p50Ms, p99: t.max.p99Ms - direct.max.p99Ms };
    if (t.halfLoad && direct?.halfLoad)
      row.halfLoadAddedP99Ms = t.halfLoad.p99Ms - direct.halfLoad.p99Ms;
    return row;
  });
}

export function verdicts(targets: TargetReport[], soak: ProxyBenchReport['soak']): Verdicts {
  const rps = (id: TargetId) => targets.find((t) => t.id === id)?.max?.rps;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? a / b : null;
  const legacyShare = ratio(rps('gateway-legacy'), rps('http-proxy'));
  const shadowShare = ratio(rps('gateway-shadow'), rps('gateway-legacy'));
  const legacy = targets.find((t) => t.id === 'gateway-legacy');
  const addedP99 = legacy?.halfLoadAddedP99Ms;
  // Latency at a rate the gateway could not hold is queueing, not what it adds: no pass.
  const held = legacy?.halfLoad ? holdsRate(legacy.halfLoad) : false;
  const growth = soak && 'growth' in soak ? soak.growth : null;
  return {
    legacyVsHttpProxy: verdict(legacyShare, '>= 90%', (v) => v >= 0.9),
    shadowCost: verdict(shadowShare === null ? null : 1 - shadowShare, '<= 30%', (v) => v <= 0.3),
    halfLoadAddedP99Ms: verdict(addedP99 ?? null, '< 2 ms', (v) => held && v < 2),
    soakRssGrowth: verdict(growth, '< 10%', (v) => v < 0.1),
  };
}
