import { join } from 'node:path';
import { errorMessage } from '@ficus/core';
import { forkServer, type BenchProcess } from './bench-process';
import type { BenchOptions } from './bench-options';
import { BENCH_PATH, startGatewayProcess } from './gateway-target';
import { currentLoad, machineInfo } from './machine';
import type { RateResult } from './load-result';
import { verdicts, withAddedLatency, type ProxyBenchReport, type TargetReport } from './report';
import { peakRssBytes } from './rss';
import { runSoak } from './soak';
import { TARGETS, type TargetContext, type TargetSpec } from './targets';
import { runWrk, writeWrkScript } from './wrk';

interface Session {
  options: BenchOptions;
  ctx: TargetContext;
  upstream: BenchProcess;
  script: string;
  /** 50% of the upstream's direct max, set once the direct row is measured. */
  halfLoadRps: number | null;
  progress: (line: string) => void;
}

/** Runs `work` and counts the requests the upstream served meanwhile, per side. */
async function countingUpstream<T>(session: Session, work: () => Promise<T>) {
  const before = await session.upstream.stats();
  const result = await work();
  const after = await session.upstream.stats();
  const delta = (port: number) => (after[port] ?? 0) - (before[port] ?? 0);
  const { legacyPort, nextPort } = session.ctx;
  return { result, upstreamRequests: { legacy: delta(legacyPort), next: delta(nextPort) } };
}

/** The same target at a constant 50% of the direct max: latency with headroom, not queueing. */
async function halfLoad(session: Session, url: string, rps: number): Promise<RateResult> {
  const { options, script } = session;
  const load = { url, rps, connections: options.connections, script };
  await runWrk({ ...load, seconds: options.halfLoadWarmupSeconds });
  return { ...(await runWrk({ ...load, seconds: options.halfLoadSeconds })), targetRps: rps };
}

async function measure(session: Session, spec: TargetSpec): Promise<TargetReport> {
  const { options, script } = session;
  const running = await spec.start(session.ctx);
  try {
    const load = { url: running.url, connections: options.connections, script };
    await runWrk({ ...load, seconds: options.warmupSeconds });
    const { result: max, upstreamRequests } = await countingUpstream(session, () =>
      runWrk({ ...load, seconds: options.seconds }),
    );
    const report: TargetReport = { id: spec.id, label: spec.label, max, upstreamRequests };
    if (spec.id === 'direct') session.halfLoadRps ??= Math.round(max.rps / 2);
    if (session.halfLoadRps !== null)
      report.halfLoad = await halfLoad(session, running.url, session.halfLoadRps);
    if (running.proxy) report.peakRssBytes = peakRssBytes(running.proxy.pid);
    return report;
  } finally {
    await running.proxy?.stop();
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

/** One run: every target against the same upstream and the same load clients, one at a time. */
export async function runProxyBench(
  options: BenchOptions,
  workDir: string,
  progress: (line: string) => void,
): Promise<ProxyBenchReport> {
  const machine = machineInfo();
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
    halfLoadRps: options.halfLoadRps ?? null,
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
    const rows: TargetReport[] = [];
    for (const spec of TARGETS.filter((t) => options.targets.includes(t.id))) {
      progress(
        `${spec.label}: ${options.warmupSeconds}s warm-up, ${options.seconds}s max load, ${options.halfLoadSeconds}s at ½ load`,
      );
      rows.push(
        await measure(session, spec).catch((err: unknown) => ({
          id: spec.id,
          label: spec.label,
          error: errorMessage(err),
        })),
      );
    }
    const soaked = options.soak
      ? await soak(session).catch((err: unknown) => ({ error: errorMessage(err) }))
      : null;
    const targets = withAddedLatency(rows);
    return {
      date: new Date().toISOString(),
      machine: { ...machine, loadAfter: currentLoad() },
      settings: {
        quick: options.quick,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        halfLoadRps: session.halfLoadRps,
        halfLoadSource:
          options.halfLoadRps === undefined ? '50% of direct max' : 'set with --half-rate',
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
