import type { BenchProcess } from './bench-process';
import { rssBytes } from './rss';
import { runWebSocketCycles } from './ws-cycles';
import { runWrk } from './wrk';

export interface SoakPlan {
  url: string;
  wsUrl: string;
  requests: number;
  wsCycles: number;
  warmupSeconds: number;
  connections: number;
  script: string;
}

export interface RssSample {
  label: 'start' | 'middle' | 'end';
  requests: number;
  wsCycles: number;
  rssBytes: number;
}

export interface SoakResult {
  requests: number;
  wsCycles: number;
  errors: number;
  non2xx: number;
  wsFailures: number;
  samples: RssSample[];
  /** (end - start) / start. */
  growth: number;
}

/**
 * wrk runs for a duration, not a count: each slice is sized from the rate seen so far, the first
 * one short because the warm-up rate may be far off.
 */
const FIRST_SLICE_SECONDS = 5;
const SLICE_SECONDS = 15;

async function sendRequests(plan: SoakPlan, count: number, rps: number) {
  let sent = 0;
  let errors = 0;
  let non2xx = 0;
  while (sent < count) {
    const cap = sent === 0 ? FIRST_SLICE_SECONDS : SLICE_SECONDS;
    const seconds = Math.max(1, Math.min(cap, Math.round((count - sent) / rps)));
    const run = await runWrk({ ...plan, seconds, url: plan.url });
    sent += run.requests;
    errors += run.errors;
    non2xx += run.non2xx;
    rps = Math.max(1, run.rps);
  }
  return { sent, errors, non2xx, rps };
}

/**
 * The gateway's memory over a long run: HTTP requests and WebSocket connect/close cycles in two
 * equal halves, RSS read after warm-up (start), after the first half (middle) and at the end. A
 * leak per request or per tunnel shows as growth; the start is after a warm-up of both (1% of the
 * WebSocket cycles) because pools, JIT code and V8's heap grow once to their working size.
 */
export async function runSoak(plan: SoakPlan, gateway: BenchProcess): Promise<SoakResult> {
  const warm = await runWrk({ ...plan, seconds: plan.warmupSeconds });
  await runWebSocketCycles(plan.wsUrl, Math.ceil(plan.wsCycles / 100), 20);
  let rps = Math.max(1, warm.rps);
  const totals = { requests: 0, wsCycles: 0, errors: 0, non2xx: 0, wsFailures: 0 };
  const samples: RssSample[] = [];
  const sample = (label: RssSample['label']) =>
    samples.push({
      label,
      requests: totals.requests,
      wsCycles: totals.wsCycles,
      rssBytes: rssBytes(gateway.pid),
    });
  sample('start');
  for (const label of ['middle', 'end'] as const) {
    const http = await sendRequests(plan, Math.ceil(plan.requests / 2), rps);
    rps = http.rps;
    totals.requests += http.sent;
    totals.errors += http.errors;
    totals.non2xx += http.non2xx;
    const ws = await runWebSocketCycles(plan.wsUrl, Math.ceil(plan.wsCycles / 2), 20);
    totals.wsCycles += ws.cycles;
    totals.wsFailures += ws.failures;
    sample(label);
  }
  const start = samples[0]?.rssBytes ?? 0;
  const end = samples[samples.length - 1]?.rssBytes ?? 0;
  return { ...totals, samples, growth: start > 0 ? (end - start) / start : 0 };
}
