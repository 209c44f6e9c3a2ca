import { join } from 'node:path';
import { errorMessage } from '@ficus/core';
import {
  addSteal,
  readCpuCounters,
  rerunOnSteal,
  stealBetween,
  stealShare,
  withSteal,
  type StealGuarded,
  type StealSample,
} from '../common/cpu-steal';
import { forkServer, type BenchProcess } from './bench-process';
import type { BenchOptions } from './bench-options';
import { clockTicksPerSecond, cpuSeconds, cpuUsPerRequest } from './cpu-time';
import { BENCH_PATH, startGatewayProcess } from './gateway-target';
import { halfLoadRate } from './half-load-rate';
import type { LoadResult, RateResult } from './load-result';
import { currentLoad, machineInfo } from './machine';
import {
  verdicts,
  withAddedLatency,
  type CurvePoint,
  type ProxyBenchReport,
  type TargetReport,
} from './report';
import { combineRounds, roundOrder } from './rounds';
import { peakRssBytes } from './rss';
import { runSoak } from './soak';
import {
  TARGETS,
  type RunningTarget,
  type TargetContext,
  type TargetId,
  type TargetSpec,
} from './targets';
import { runWrk, writeWrkScript, type WrkRun } from './wrk';

interface Session {
  options: BenchOptions;
  ctx: TargetContext;
  upstream: BenchProcess;
  script: string;
  progress: (line: string) => void;
}

/** One target through the whole run: its process, and what its max-load rounds added up to. */
interface Contender {
  spec: TargetSpec;
  running?: RunningTarget;
  /** Set when it would not start or a run failed; it sits out the rest of the run. */
  error?: string;
  runs: LoadResult[];
  cpuSeconds: number;
  upstreamRequests: { legacy: number; next: number };
  /** CPU steal over its kept max-load runs, and how many runs steal made it repeat. */
  steal: StealSample | undefined;
  reruns: number;
}

/** What one measured run of one target gave. */
interface Measured {
  load: LoadResult;
  /** CPU time of the proxy's process tree during the run (0 for the upstream direct). */
  cpuSeconds: number;
  upstreamRequests: { legacy: number; next: number };
}

const SETTLE_POLL_MS = 100;
const SETTLE_MAX_MS = 3_000;

/**
 * Waits until the upstream has served nothing for one poll: a shadow gateway's copies still in
 * flight when wrk stops belong to its own run (its count and CPU), not to the next target's.
 */
async function settledStats(upstream: BenchProcess): Promise<Record<string, number>> {
  let last = await upstream.stats();
  for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_POLL_MS) {
    await new Promise((done) => setTimeout(done, SETTLE_POLL_MS));
    const now = await upstream.stats();
    if (Object.keys(now).every((port) => now[port] === last[port])) return now;
    last = now;
  }
  return last;
}

/** Runs `work` and counts the requests the upstream served meanwhile, per side. */
async function countingUpstream<T>(session: Session, work: () => Promise<T>) {
  const before = await session.upstream.stats();
  const result = await work();
  const after = await settledStats(session.upstream);
  const delta = (port: number) => (after[port] ?? 0) - (before[port] ?? 0);
  const { legacyPort, nextPort } = session.ctx;
  return { result, upstreamRequests: { legacy: delta(legacyPort), next: delta(nextPort) } };
}

const live = (contenders: Contender[]) => contenders.filter((c) => c.running && !c.error);

async function startAll(session: Session, specs: readonly TargetSpec[]): Promise<Contender[]> {
  const contenders: Contender[] = [];
  for (const spec of specs) {
    const contender: Contender = {
      spec,
      runs: [],
      cpuSeconds: 0,
      upstreamRequests: { legacy: 0, next: 0 },
      steal: undefined,
      reruns: 0,
    };
    contenders.push(contender);
    try {
      contender.running = await spec.start(session.ctx);
    } catch (err) {
      contender.error = errorMessage(err);
      session.progress(`${spec.label} did not start: ${contender.error.split('\n')[0]}`);
    }
  }
  return contenders;
}

/** Every target, one after another; a target whose run fails is out of the rest of the run. */
async function eachLive(
  session: Session,
  contenders: Contender[],
  run: (c: Contender, running: RunningTarget) => Promise<void>,
): Promise<void> {
  for (const contender of contenders) {
    const running = contender.running;
    if (!running || contender.error) continue;
    try {
      await run(contender, running);
    } catch (err) {
      contender.error = errorMessage(err);
      session.progress(`${contender.spec.label} failed: ${contender.error.split('\n')[0]}`);
    }
  }
}

const pct = (share: number) => `${(share * 100).toFixed(0)}%`;

/**
 * One measured run of one target, after its unmeasured re-warm at the same load, with the proxy's
 * CPU time and the upstream's count. A run during which the hypervisor stole more CPU than
 * `--max-steal` allows is run again (see bench/common/cpu-steal.ts), re-warm included.
 */
function measuredRun(
  session: Session,
  c: Contender,
  running: RunningTarget,
  run: Omit<WrkRun, 'url'>,
): Promise<StealGuarded<Measured>> {
  const { options, progress } = session;
  const pid = running.proxy?.pid;
  const load = { ...run, url: running.url };
  const policy = { maxShare: options.maxSteal, reruns: options.stealReruns };
  return rerunOnSteal(
    policy,
    async () => {
      await runWrk({ ...load, seconds: options.rewarmSeconds });
      const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
      const counted = await countingUpstream(session, () => withSteal(() => runWrk(load)));
      const measured: Measured = {
        load: counted.result.result,
        cpuSeconds: pid === undefined ? 0 : cpuSeconds(pid) - cpuBefore,
        upstreamRequests: counted.upstreamRequests,
      };
      return { result: measured, steal: counted.result.steal };
    },
    (share, n) =>
      progress(
        `${c.spec.label}: the hypervisor stole ${pct(share)} of the CPU during the run; running it again (${n}/${policy.reruns})`,
      ),
  );
}

/** One max-load run of one target in one round, added to the target's figures. */
async function maxLoadRun(session: Session, c: Contender, running: RunningTarget): Promise<void> {
  const { options, script } = session;
  const run = { connections: options.connections, script, seconds: options.seconds };
  const { result, steal, reruns } = await measuredRun(session, c, running, run);
  c.cpuSeconds += result.cpuSeconds;
  c.runs.push(result.load);
  c.upstreamRequests.legacy += result.upstreamRequests.legacy;
  c.upstreamRequests.next += result.upstreamRequests.next;
  c.steal = addSteal(c.steal, steal);
  c.reruns += reruns;
}

/**
 * Max load in interleaved rounds: every target once per round, in the same cycle, each round
 * starting one target further on, so that no target always runs first (or right after another's
 * heaviest run) and a disturbance on the machine is shared by several targets instead of deciding
 * one target's figure.
 */
async function maxLoadRounds(session: Session, contenders: Contender[]): Promise<void> {
  const { options, progress } = session;
  for (let round = 0; round < options.rounds; round++) {
    const order = roundOrder(live(contenders), round);
    progress(
      `max load round ${round + 1}/${options.rounds}, ${options.seconds}s each: ${order.map((c) => c.spec.label).join(' → ')}`,
    );
    await eachLive(session, order, (c, running) => maxLoadRun(session, c, running));
  }
}

/** A target with max-load figures, still in the run: one that constant-rate runs measure. */
interface RateTarget {
  c: Contender;
  row: TargetReport;
  running: RunningTarget;
}

/** What a target's constant-rate runs at one rate gave, or why they stopped. */
interface RateOutcome {
  run?: RateResult;
  error?: string;
  /** Share of one core the proxy's process tree used during the measured runs. */
  cpuBusy?: number;
  stealShare?: number;
  reruns: number;
  /** Requests the upstream served per side, warm-up included. */
  upstreamRequests: { legacy: number; next: number };
}

function rateTargets(contenders: Contender[], rows: TargetReport[]): RateTarget[] {
  return contenders.flatMap((c, i) => {
    const row = rows[i];
    return row?.max && c.running && !c.error ? [{ c, row, running: c.running }] : [];
  });
}

/**
 * Every target at the same constant rate, in interleaved rounds like max load (the rate's whole
 * time split over the rounds): p99 is the median round's, so one stall of the machine during one
 * target's turn does not become that target's figure.
 */
async function constantRateRounds(
  session: Session,
  targets: RateTarget[],
  rps: number,
  label: string,
): Promise<Map<TargetReport, RateOutcome>> {
  const { options, script, progress } = session;
  const load = { rps, connections: options.connections, script };
  const outcomes = new Map<TargetReport, RateOutcome>();
  const runs = new Map<TargetReport, LoadResult[]>();
  const busy = new Map<TargetReport, { cpuSeconds: number; seconds: number }>();
  const steal = new Map<TargetReport, StealSample | undefined>();
  for (const { row, running } of targets) {
    const outcome: RateOutcome = { reruns: 0, upstreamRequests: { legacy: 0, next: 0 } };
    outcomes.set(row, outcome);
    try {
      await runWrk({ ...load, url: running.url, seconds: options.halfLoadWarmupSeconds });
      runs.set(row, []);
    } catch (err) {
      outcome.error = errorMessage(err);
    }
  }
  const seconds = Math.max(1, Math.round(options.halfLoadSeconds / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    const order = roundOrder(
      targets.filter((t) => outcomes.get(t.row)?.error === undefined),
      round,
    );
    progress(`${label} round ${round + 1}/${options.rounds}, ${seconds}s each`);
    for (const { c, row, running } of order) {
      const outcome = outcomes.get(row);
      if (!outcome) continue;
      try {
        const guarded = await measuredRun(session, c, running, { ...load, seconds });
        const { result } = guarded;
        if (running.proxy) {
          const b = busy.get(row) ?? { cpuSeconds: 0, seconds: 0 };
          b.cpuSeconds += result.cpuSeconds;
          b.seconds += result.load.seconds;
          busy.set(row, b);
        }
        steal.set(row, addSteal(steal.get(row), guarded.steal));
        outcome.reruns += guarded.reruns;
        runs.get(row)?.push(result.load);
        outcome.upstreamRequests.legacy += result.upstreamRequests.legacy;
        outcome.upstreamRequests.next += result.upstreamRequests.next;
      } catch (err) {
        outcome.error = errorMessage(err);
      }
    }
  }
  for (const [row, outcome] of outcomes) {
    const results = runs.get(row) ?? [];
    if (outcome.error !== undefined || results.length === 0) continue;
    outcome.run = { ...combineRounds(results), targetRps: rps };
    outcome.stealShare = stealShare(steal.get(row));
    const b = busy.get(row);
    if (b && b.seconds > 0) outcome.cpuBusy = b.cpuSeconds / b.seconds;
  }
  return outcomes;
}

async function halfLoadRounds(
  session: Session,
  contenders: Contender[],
  rows: TargetReport[],
  rps: number,
): Promise<void> {
  const outcomes = await constantRateRounds(session, rateTargets(contenders, rows), rps, '½ load');
  for (const [row, outcome] of outcomes) {
    row.stealReruns = (row.stealReruns ?? 0) + outcome.reruns;
    row.halfLoadUpstreamRequests = outcome.upstreamRequests;
    if (outcome.error !== undefined) row.halfLoadError = outcome.error;
    if (!outcome.run) continue;
    row.halfLoad = outcome.run;
    row.halfLoadStealShare = outcome.stealShare;
    if (outcome.cpuBusy !== undefined) row.halfLoadCpuBusy = outcome.cpuBusy;
  }
}

/**
 * The rows the latency curve measures: the upstream direct (every point's baseline) and the Node
 * proxies, whose added latency follows how busy the one event loop is. nginx adds next to nothing
 * at any of these loads, and the canary and shadow rows cost what legacy mode does plus their own.
 */
const CURVE_TARGETS: ReadonlySet<TargetId> = new Set([
  'direct',
  'http-proxy',
  'fastify',
  'gateway-legacy',
]);

/**
 * The latency curve: the same constant-rate runs at lighter loads than ½ (`--curve`, shares of the
 * max the half-load rate is half of), so the report shows up to which load the gateway adds little,
 * beside the Node peers at the same loads.
 */
async function latencyCurve(
  session: Session,
  contenders: Contender[],
  rows: TargetReport[],
  halfLoadRps: number,
): Promise<void> {
  const targets = rateTargets(contenders, rows).filter((t) => CURVE_TARGETS.has(t.row.id));
  if (targets.length < 2) return;
  for (const share of session.options.curveShares) {
    const rps = Math.max(1, Math.round(halfLoadRps * 2 * share));
    const pct = `${(share * 100).toFixed(0)}%`;
    session.progress(`latency curve at ${pct} of max: ${rps} req/s`);
    const outcomes = await constantRateRounds(session, targets, rps, `${pct} load`);
    for (const [row, outcome] of outcomes) {
      row.stealReruns = (row.stealReruns ?? 0) + outcome.reruns;
      const point: CurvePoint = { share };
      if (outcome.run) point.run = outcome.run;
      if (outcome.error !== undefined) point.error = outcome.error;
      if (outcome.cpuBusy !== undefined) point.cpuBusy = outcome.cpuBusy;
      if (outcome.stealShare !== undefined) point.stealShare = outcome.stealShare;
      (row.curve ??= []).push(point);
    }
  }
}

function maxLoadRow(c: Contender): TargetReport {
  const row: TargetReport = { id: c.spec.id, label: c.spec.label };
  // A target that lost a round has figures from fewer rounds than the others: not comparable.
  if (c.error || c.runs.length === 0) {
    row.error = c.error ?? 'no max-load run completed';
    return row;
  }
  row.max = combineRounds(c.runs);
  row.upstreamRequests = { ...c.upstreamRequests };
  row.stealShare = stealShare(c.steal);
  row.stealReruns = c.reruns;
  if (c.running?.proxy) {
    row.cpuSeconds = c.cpuSeconds;
    row.cpuUsPerRequest = cpuUsPerRequest(c.cpuSeconds, row.max.requests);
  }
  return row;
}

/** Every selected target started at once, then measured in turns; returns one row per target. */
async function measureTargets(
  session: Session,
): Promise<{ rows: TargetReport[]; halfLoadRps: number | null; halfLoadSource: string }> {
  const { options, progress } = session;
  const specs = TARGETS.filter((t) => options.targets.includes(t.id));
  progress(`starting ${specs.map((s) => s.label).join(', ')}`);
  const contenders = await startAll(session, specs);
  try {
    progress(`warm-up: ${options.warmupSeconds}s per target`);
    await eachLive(session, contenders, async (_c, running) => {
      await runWrk({
        url: running.url,
        connections: options.connections,
        script: session.script,
        seconds: options.warmupSeconds,
      });
    });
    await maxLoadRounds(session, contenders);
    const rows = contenders.map(maxLoadRow);
    const rate = halfLoadRate(rows, options.halfLoadRps);
    if (rate.rps !== null) {
      const rps = rate.rps;
      progress(
        `½ load: ${rps} req/s (${rate.source}), ${options.halfLoadWarmupSeconds}s + ${options.halfLoadSeconds}s per target`,
      );
      await halfLoadRounds(session, contenders, rows, rps);
      await latencyCurve(session, contenders, rows, rps);
    }
    for (const [i, c] of contenders.entries()) {
      const row = rows[i];
      if (row && c.running?.proxy) row.peakRssBytes = peakRssBytes(c.running.proxy.pid);
    }
    return { rows, halfLoadRps: rate.rps, halfLoadSource: rate.source };
  } finally {
    for (const c of contenders) await c.running?.proxy?.stop();
  }
}

async function soak(session: Session): Promise<ProxyBenchReport['soak']> {
  const { options, ctx } = session;
  session.progress('soak: gateway legacy mode, HTTP requests and WebSocket cycles');
  const gateway = await startGatewayProcess({ mode: 'legacy', ...ctx });
  try {
    const port = gateway.ports[0] ?? 0;
    return await runSoak(
      {
        url: `http://127.0.0.1:${port}${BENCH_PATH}`,
        wsUrl: `ws://127.0.0.1:${port}${BENCH_PATH}`,
        requests: options.soakRequests,
        wsCycles: options.soakWsCycles,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        script: session.script,
      },
      gateway,
    );
  } finally {
    await gateway.stop();
  }
}

/** One run: every target against the same upstream and the same load client, in turns. */
export async function runProxyBench(
  options: BenchOptions,
  workDir: string,
  progress: (line: string) => void,
): Promise<ProxyBenchReport> {
  const machine = machineInfo();
  const countersAtStart = readCpuCounters();
  const upstream = await forkServer(
    'upstream',
    join(__dirname, 'upstream-server.js'),
    ['0', '0'],
    join(workDir, 'upstream.log'),
  );
  const session: Session = {
    options,
    upstream,
    script: writeWrkScript(workDir),
    progress,
    ctx: {
      workDir,
      legacyPort: upstream.ports[0] ?? 0,
      nextPort: upstream.ports[1] ?? 0,
      gatewayExecArgv: options.profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
        : [],
    },
  };
  try {
    const measured = await measureTargets(session);
    const soaked = options.soak
      ? await soak(session).catch((err: unknown) => ({ error: errorMessage(err) }))
      : null;
    const targets = withAddedLatency(measured.rows);
    return {
      date: new Date().toISOString(),
      machine: {
        ...machine,
        loadAfter: currentLoad(),
        stealShare: stealShare(stealBetween(countersAtStart, readCpuCounters())),
      },
      settings: {
        quick: options.quick,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        rounds: options.rounds,
        seconds: options.seconds,
        rewarmSeconds: options.rewarmSeconds,
        halfLoadWarmupSeconds: options.halfLoadWarmupSeconds,
        halfLoadSeconds: options.halfLoadSeconds,
        halfLoadRps: measured.halfLoadRps,
        halfLoadSource: measured.halfLoadSource,
        curveShares: options.curveShares,
        maxSteal: options.maxSteal,
        stealReruns: options.stealReruns,
        clockTicksPerSecond: clockTicksPerSecond(),
        soakRequests: options.soakRequests,
        soakWsCycles: options.soakWsCycles,
      },
      targets,
      soak: soaked,
      verdicts: verdicts(targets, soaked),
    };
  } finally {
    await upstream.stop();
  }
}
