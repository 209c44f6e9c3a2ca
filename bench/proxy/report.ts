import type { BenchOptions } from './bench-options';
import type { MaxLoadResult, RateResult } from './load-result';
import type { MachineInfo } from './machine';
import type { SoakResult } from './soak';
import type { TargetId } from './targets';

/** One lighter constant load of the latency curve, for one target. */
export interface CurvePoint {
  /** The load as a share of the max the half-load rate is half of (0.1 = 10%). */
  share: number;
  run?: RateResult;
  /** Why this load has no figures for the target. */
  error?: string;
  /** p99 added over the upstream direct at the same load, ms. */
  addedP99Ms?: number;
  /** Share of one core the proxy's process tree used during these runs. */
  cpuBusy?: number;
  stealShare?: number;
}

export interface TargetReport {
  id: TargetId;
  label: string;
  /** Why the row has no figures (the target would not start, or its load run failed). */
  error?: string;
  /** Max load, every round combined; `rounds` keeps each round's req/s. */
  max?: MaxLoadResult;
  halfLoad?: RateResult;
  /** Why the row has no half-load figures while its max-load figures stand. */
  halfLoadError?: string;
  /** CPU time the proxy's process tree used during the max-load runs (not for the direct row). */
  cpuSeconds?: number;
  /** cpuSeconds over the max-load requests, in µs: the proxy's cost per request. */
  cpuUsPerRequest?: number;
  /** Latency added over the upstream direct at max load (p50, p99), ms. */
  addedMs?: { p50: number; p99: number };
  /** p99 added over the upstream direct at the same constant rate, ms. */
  halfLoadAddedP99Ms?: number;
  /**
   * Share of one core the proxy's process tree used during the half-load runs. Half the max rate
   * is not half busy: with fewer requests per wake-up each costs more CPU, and how busy the proxy
   * is decides how long requests queue behind one another.
   */
  halfLoadCpuBusy?: number;
  /**
   * Share of the machine's CPU time the hypervisor stole during the kept max-load runs and the kept
   * half-load runs (bench/common/cpu-steal.ts); unknown off Linux.
   */
  stealShare?: number;
  halfLoadStealShare?: number;
  /** Measured runs thrown away and run again because of steal, max and half load together. */
  stealReruns?: number;
  peakRssBytes?: number;
  /** Requests the upstream served per side during the max-load runs (canary split, shadow copies). */
  upstreamRequests?: { legacy: number; next: number };
  /** The same during the half-load run (warm-up included): a shadow with headroom copies all. */
  halfLoadUpstreamRequests?: { legacy: number; next: number };
  /**
   * The latency curve: the same constant-rate runs at lighter loads (`--curve`), for the upstream
   * direct and the Node proxies, lightest first; the half-load figures are its last point.
   */
  curve?: CurvePoint[];
}

export interface Verdict {
  value: number | null;
  target: string;
  met: boolean | null;
  /** Shown beside a verdict to help read it; it decides nothing. */
  informational?: true;
  /** What the figure needs to be read with (e.g. the share of requests a shadow copied). */
  note?: string;
}

export interface Verdicts {
  /** Gateway legacy-mode throughput / bare http-proxy throughput. */
  legacyVsHttpProxy: Verdict;
  /** Gateway legacy CPU per request / bare http-proxy CPU per request. */
  legacyVsHttpProxyCpu: Verdict;
  /** 1 - shadow throughput / legacy throughput, with the share of requests copied as its note. */
  shadowCost: Verdict;
  /** The same with every request copied (`shadowYieldAbove: 1`), informational. */
  shadowCostAllCopied: Verdict;
  /**
   * The gateway's p99 added over direct minus bare http-proxy's, at the worst of ½ load and the
   * curve's lighter loads, ms: what the gateway adds beyond the library it is built on.
   */
  addedP99OverBareMs: Verdict;
  /** Gateway legacy p99 added over direct at the half-load rate, ms (informational). */
  halfLoadAddedP99Ms: Verdict;
  /** Gateway RSS growth over the soak. */
  soakRssGrowth: Verdict;
  /** RSS growth over the soak's second half (middle to end): a leak keeps growing, a plateau not. */
  soakRssGrowthSecondHalf: Verdict;
}

/** The options a run used, as the report keeps them, with what the run itself settled. */
export type BenchSettings = Pick<
  BenchOptions,
  | 'quick'
  | 'connections'
  | 'warmupSeconds'
  | 'rounds'
  | 'seconds'
  | 'rewarmSeconds'
  | 'halfLoadWarmupSeconds'
  | 'halfLoadSeconds'
  | 'soakRequests'
  | 'soakWsCycles'
  | 'curveShares'
> & {
  halfLoadRps: number | null;
  /** Where the half-load rate came from: "50% of ficus legacy max", or --half-rate. */
  halfLoadSource: string;
  /** Unit of /proc's CPU times (getconf CLK_TCK). */
  clockTicksPerSecond: number;
  /** A measured run with more steal than this share is run again, `stealReruns` times at most. */
  maxSteal: number;
  stealReruns: number;
};

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
    if (t.curve)
      row.curve = t.curve.map((point) => {
        const base = direct?.curve?.find((d) => d.share === point.share)?.run;
        return point.run && base ? { ...point, addedP99Ms: point.run.p99Ms - base.p99Ms } : point;
      });
    return row;
  });
}

/** The share of client requests a shadow target copied at max load, from the upstream's counts. */
export function copiedShare(target: TargetReport | undefined): number | undefined {
  const up = target?.upstreamRequests;
  if (!up || up.legacy === 0) return undefined;
  // Noise samples ask legacy twice, so legacy's count slightly overstates the client requests.
  return Math.min(1, up.next / up.legacy);
}

function copiedNote(target: TargetReport | undefined): string | undefined {
  const share = copiedShare(target);
  return share === undefined ? undefined : `${(share * 100).toFixed(0)}% of requests copied`;
}

/**
 * How busy the gateway and bare http-proxy were at half load, beside the added p99, and how much
 * CPU the hypervisor stole during the gateway's half-load runs.
 */
function busyNote(targets: readonly TargetReport[]): string | undefined {
  const row = (id: TargetId) => targets.find((t) => t.id === id);
  const legacy = row('gateway-legacy');
  if (legacy?.halfLoadCpuBusy === undefined) return undefined;
  const bare = row('http-proxy')?.halfLoadCpuBusy;
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const steal = legacy.halfLoadStealShare;
  return (
    `a core ${pct(legacy.halfLoadCpuBusy)} busy at ½ load${bare === undefined ? '' : ` (bare http-proxy ${pct(bare)})`}` +
    (steal === undefined ? '' : `, ${pct(steal)} CPU steal meanwhile`)
  );
}

/** The gateway's added p99 at the curve's lighter loads, beside the one at ½ load. */
function curveNote(targets: readonly TargetReport[]): string | undefined {
  const points = targets
    .find((t) => t.id === 'gateway-legacy')
    ?.curve?.filter((p) => p.addedP99Ms !== undefined);
  if (!points?.length) return undefined;
  const at = (p: CurvePoint) =>
    `${(p.addedP99Ms ?? 0) >= 0 ? '+' : ''}${(p.addedP99Ms ?? 0).toFixed(2)} ms at ${(p.share * 100).toFixed(0)}%`;
  return `${points.map(at).join(', ')} of max`;
}

/**
 * The gateway's added p99 minus bare http-proxy's at each load both were measured at (the curve's
 * points and ½ load), and the worst of them: null when no load has both.
 */
function addedOverBare(
  targets: readonly TargetReport[],
): { worst: number; note: string } | undefined {
  const legacy = targets.find((t) => t.id === 'gateway-legacy');
  const bare = targets.find((t) => t.id === 'http-proxy');
  if (!legacy || !bare) return undefined;
  const points: Array<{ share: number; gateway?: number; bare?: number }> = [
    ...(legacy.curve ?? []).map((p) => ({
      share: p.share,
      gateway: p.addedP99Ms,
      bare: bare.curve?.find((b) => b.share === p.share)?.addedP99Ms,
    })),
    { share: 0.5, gateway: legacy.halfLoadAddedP99Ms, bare: bare.halfLoadAddedP99Ms },
  ];
  const diffs = points.flatMap((p) =>
    p.gateway === undefined || p.bare === undefined
      ? []
      : [{ share: p.share, diff: p.gateway - p.bare }],
  );
  if (!diffs.length) return undefined;
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
  return {
    worst: Math.max(...diffs.map((d) => d.diff)),
    note: diffs.map((d) => `${signed(d.diff)} ms at ${(d.share * 100).toFixed(0)}%`).join(', '),
  };
}

function withNote(v: Verdict, ...notes: Array<string | undefined>): Verdict {
  const note = notes.filter((n) => n !== undefined).join('; ');
  return note === '' ? v : { ...v, note };
}

function secondHalfGrowth(soak: ProxyBenchReport['soak']): number | null {
  if (!soak || !('samples' in soak)) return null;
  const middle = soak.samples.find((s) => s.label === 'middle')?.rssBytes;
  const end = soak.samples.find((s) => s.label === 'end')?.rssBytes;
  return middle && end !== undefined ? (end - middle) / middle : null;
}

export function verdicts(targets: TargetReport[], soak: ProxyBenchReport['soak']): Verdicts {
  const rps = (id: TargetId) => targets.find((t) => t.id === id)?.max?.rps;
  const cpu = (id: TargetId) => targets.find((t) => t.id === id)?.cpuUsPerRequest;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? a / b : null;
  const legacyShare = ratio(rps('gateway-legacy'), rps('http-proxy'));
  // Less CPU per request is better: 104% means the gateway spends 4% more per request than bare.
  const legacyCpuRatio = ratio(cpu('gateway-legacy'), cpu('http-proxy'));
  const shadowShare = ratio(rps('gateway-shadow'), rps('gateway-legacy'));
  const allCopiedShare = ratio(rps('gateway-shadow-all'), rps('gateway-legacy'));
  const cost = (share: number | null) => (share === null ? null : 1 - share);
  const legacy = targets.find((t) => t.id === 'gateway-legacy');
  const addedP99 = legacy?.halfLoadAddedP99Ms;
  // Latency at a rate the gateway could not hold is queueing, not what it adds: no pass.
  const held = legacy?.halfLoad ? holdsRate(legacy.halfLoad) : false;
  const overBare = addedOverBare(targets);
  const growth = soak && 'growth' in soak ? soak.growth : null;
  return {
    legacyVsHttpProxy: verdict(legacyShare, '>= 95%', (v) => v >= 0.95),
    legacyVsHttpProxyCpu: verdict(legacyCpuRatio, '<= 105%', (v) => v <= 1.05),
    addedP99OverBareMs: withNote(
      verdict(overBare?.worst ?? null, '<= +0.5 ms at every load', (v) => held && v <= 0.5),
      overBare?.note,
    ),
    shadowCost: withNote(
      verdict(cost(shadowShare), '<= 30%', (v) => v <= 0.3),
      copiedNote(targets.find((t) => t.id === 'gateway-shadow')),
    ),
    shadowCostAllCopied: {
      ...withNote(
        verdict(cost(allCopiedShare), '<= 30%', (v) => v <= 0.3),
        copiedNote(targets.find((t) => t.id === 'gateway-shadow-all')),
      ),
      informational: true,
    },
    halfLoadAddedP99Ms: {
      ...withNote(
        verdict(addedP99 ?? null, '< 2 ms', (v) => held && v < 2),
        busyNote(targets),
        curveNote(targets),
      ),
      informational: true,
    },
    soakRssGrowth: verdict(growth, '< 10%', (v) => v < 0.1),
    soakRssGrowthSecondHalf: {
      ...verdict(secondHalfGrowth(soak), '< 10%', (v) => v < 0.1),
      informational: true,
    },
  };
}
