import { holdsRate, type ProxyBenchReport, type TargetReport, type Verdict } from './report';
import { roundSpread } from './rounds';

const COLUMNS = [
  'target',
  'req/s',
  'spread',
  'CPU µs/req',
  'p50 ms',
  'p99 ms',
  '+p50 ms',
  '+p99 ms',
  'RSS peak MB',
  '½-load req/s',
  '½ p99 ms',
  '½ +p99 ms',
  '½ CPU %',
  'steal %',
  'notes',
] as const;

const fixed = (v: number | undefined, digits = 2) => (v === undefined ? '—' : v.toFixed(digits));
const signed = (v: number | undefined) =>
  v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
const mb = (bytes: number | undefined) =>
  bytes === undefined ? '—' : (bytes / 1024 / 1024).toFixed(1);
const percent = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

const TWO_SIDED: ReadonlySet<string> = new Set([
  'gateway-canary',
  'gateway-shadow',
  'gateway-shadow-all',
]);

function notes(t: TargetReport): string {
  if (t.error) return `NOT MEASURED: ${t.error.split('\n')[0]}`;
  const parts: string[] = [];
  const bad = (t.max?.errors ?? 0) + (t.max?.non2xx ?? 0);
  if (bad > 0) parts.push(`${bad} errors/non-2xx`);
  const half = t.halfLoad;
  if (half && (half.errors > 0 || half.non2xx > 0))
    parts.push(`½-load ${half.errors + half.non2xx} errors`);
  if (half && !holdsRate(half)) parts.push('cannot hold ½-load rate');
  if (t.halfLoadError) parts.push(`½-load NOT MEASURED: ${t.halfLoadError.split('\n')[0]}`);
  if (t.stealReruns)
    parts.push(`${t.stealReruns} run${t.stealReruns > 1 ? 's' : ''} re-run for steal`);
  const split = (up: { legacy: number; next: number } | undefined) => {
    const sides = up ? up.legacy + up.next : 0;
    return up && up.next > 0
      ? `${((100 * up.legacy) / sides).toFixed(0)}/${((100 * up.next) / sides).toFixed(0)}%`
      : undefined;
  };
  // Only a route with a "next" side splits; elsewhere a stray late copy would read as a split.
  if (!TWO_SIDED.has(t.id)) return parts.join('; ');
  const atMax = t.max ? split(t.upstreamRequests) : undefined;
  if (atMax) parts.push(`upstream legacy/next ${atMax}`);
  const atHalf = split(t.halfLoadUpstreamRequests);
  if (atHalf) parts.push(`at ½ load ${atHalf}`);
  return parts.join('; ');
}

const whole = (share: number | undefined) => (share === undefined ? '—' : (share * 100).toFixed(0));

/** Steal during the kept max-load runs / the kept ½-load runs. */
function stealCell(t: TargetReport): string {
  if (t.stealShare === undefined && t.halfLoadStealShare === undefined) return '—';
  return `${whole(t.stealShare)}/${whole(t.halfLoadStealShare)}`;
}

function row(t: TargetReport): string[] {
  return [
    t.label,
    t.max ? t.max.rps.toFixed(0) : '—',
    percent(t.max ? roundSpread(t.max.rounds) : undefined),
    fixed(t.cpuUsPerRequest, 1),
    fixed(t.max?.p50Ms),
    fixed(t.max?.p99Ms),
    signed(t.addedMs?.p50),
    signed(t.addedMs?.p99),
    mb(t.peakRssBytes),
    t.halfLoad ? t.halfLoad.rps.toFixed(0) : '—',
    fixed(t.halfLoad?.p99Ms),
    signed(t.halfLoadAddedP99Ms),
    t.halfLoadCpuBusy === undefined ? '—' : (t.halfLoadCpuBusy * 100).toFixed(0),
    stealCell(t),
    notes(t),
  ];
}

/** Columns padded to one width each: the first left-aligned, the rest right, `notes` left. */
function aligned(rows: string[][], lastIsNotes = true): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === 0 || (lastIsNotes && i === r.length - 1)
            ? cell.padEnd(widths[i] ?? 0)
            : cell.padStart(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The latency curve: each measured row's p99 over the upstream direct at every constant load, the
 * lightest first and ½ load last, with how busy the proxy was (share of a core); the direct row
 * gives its own p99, the baseline.
 */
export function curveTable(report: ProxyBenchReport): string[] {
  const rows = report.targets.filter((t) => t.curve?.length);
  const rate = report.settings.halfLoadRps;
  if (rows.length === 0 || rate === null) return [];
  const shares = [...report.settings.curveShares, 0.5];
  const header = [
    'target',
    ...shares.map((share) => `${(share * 100).toFixed(0)}%: ${Math.round(rate * 2 * share)} req/s`),
  ];
  const cell = (t: TargetReport, share: number): string => {
    const point =
      share === 0.5
        ? {
            run: t.halfLoad,
            addedP99Ms: t.halfLoadAddedP99Ms,
            cpuBusy: t.halfLoadCpuBusy,
            error: t.halfLoadError,
          }
        : t.curve?.find((p) => p.share === share);
    if (!point?.run) return point?.error ? 'NOT MEASURED' : '—';
    const held = holdsRate(point.run) ? '' : ' (rate not held)';
    if (t.id === 'direct') return `p99 ${fixed(point.run.p99Ms)}${held}`;
    const busy = point.cpuBusy === undefined ? '' : ` (${(point.cpuBusy * 100).toFixed(0)}%)`;
    return `${signed(point.addedP99Ms)}${busy}${held}`;
  };
  return [
    'Latency curve: p99 added over the upstream direct (ms) at constant loads, as a share of the max ½ load is half of; (share of a core the proxy used)',
    ...aligned(
      [header, ...rows.map((t) => [t.label, ...shares.map((share) => cell(t, share))])],
      false,
    ).split('\n'),
  ];
}

function describe(name: string, v: Verdict, asPercent: boolean): string {
  const value =
    v.value === null
      ? 'not measured'
      : asPercent
        ? `${(v.value * 100).toFixed(1)}%`
        : `${v.value.toFixed(2)} ms`;
  const met =
    v.met === null
      ? ''
      : v.informational
        ? `  (informational: ${v.met ? 'within' : 'outside'} target)`
        : v.met
          ? '  (meets target)'
          : '  (MISSES target)';
  const note = v.note ? `; ${v.note}` : '';
  return `  ${name.padEnd(50)} ${value.padStart(12)}   target ${v.target}${met}${note}`;
}

function stealLine(report: ProxyBenchReport): string {
  const { machine, settings, targets } = report;
  if (machine.stealShare === undefined) return 'CPU steal: not readable here (no /proc/stat)';
  const reruns = targets.reduce((sum, t) => sum + (t.stealReruns ?? 0), 0);
  return (
    `CPU steal (time the hypervisor gave to others) over the run: ${percent(machine.stealShare)}; ` +
    `a measured run with over ${percent(settings.maxSteal)} is run again, ${settings.stealReruns} times at most ` +
    `(${reruns} re-run${reruns === 1 ? '' : 's'}); column "steal %": max load / ½ load`
  );
}

export function formatReport(report: ProxyBenchReport): string {
  const { settings, verdicts, soak, machine } = report;
  const lines = [
    `Proxy benchmark ${report.date}${settings.quick ? ' (--quick: smoke run, figures not comparable)' : ''}`,
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.wrk ?? 'wrk ?'}; load avg before ${machine.loadBefore.toFixed(2)}, after ${fixed(machine.loadAfter)}`,
    stealLine(report),
    `wrk -t1 -c${settings.connections}; per target: ${settings.warmupSeconds}s warm-up, max load in ${settings.rounds} interleaved rounds × ${settings.seconds}s, each after ${settings.rewarmSeconds}s unmeasured at the same load, ½ load ${settings.halfLoadWarmupSeconds}s + ${settings.halfLoadSeconds}s at a constant ${settings.halfLoadRps ?? '—'} req/s (${settings.halfLoadSource})`,
    '',
    aligned([[...COLUMNS], ...report.targets.map(row)]),
    '',
    ...curveTable(report),
    ...(report.targets.some((t) => t.curve?.length) ? [''] : []),
    describe('gateway legacy throughput vs bare http-proxy', verdicts.legacyVsHttpProxy, true),
    describe(
      'gateway legacy CPU per request vs bare http-proxy',
      verdicts.legacyVsHttpProxyCpu,
      true,
    ),
    describe('shadow-mode throughput cost vs legacy', verdicts.shadowCost, true),
    describe('shadow cost with every request copied', verdicts.shadowCostAllCopied, true),
    describe('gateway legacy added p99 over bare http-proxy', verdicts.addedP99OverBareMs, false),
    describe('gateway legacy added p99 at ½ load', verdicts.halfLoadAddedP99Ms, false),
    describe('gateway RSS growth over the soak', verdicts.soakRssGrowth, true),
    describe('  of which over its second half', verdicts.soakRssGrowthSecondHalf, true),
  ];
  if (soak && 'error' in soak) lines.push(`  soak NOT MEASURED: ${soak.error}`);
  else if (soak) {
    const samples = soak.samples
      .map((s) => `${s.label} ${mb(s.rssBytes)} MB @ ${s.requests} req/${s.wsCycles} ws`)
      .join(', ');
    lines.push(
      `  soak: ${soak.requests} requests (${soak.errors + soak.non2xx} failed), ${soak.wsCycles} WebSocket cycles (${soak.wsFailures} failed): ${samples}`,
    );
  }
  return lines.join('\n');
}
