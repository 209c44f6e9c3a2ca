import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '@ficus/core';
import { which } from '@ficus/infra';
import type { LoadResult } from './load-result';
import type { BenchTool } from './tool-install';

/**
 * The load generator for every run: wrk (C, one thread, fixed connections), one script for every
 * target. Every request carries a varied `x-cohort` key (1,000 distinct values) so a canary route
 * splits traffic; `done` prints the figures as one JSON line instead of wrk's text.
 *
 * With BENCH_RATE set the script paces requests to that constant rate, which plain wrk cannot do
 * (`-R` is wrk2's, and wrk2 is not packaged in Debian): `delay()` holds each request until its slot
 * on a fixed schedule (open loop: the schedule never waits for answers), read from the monotonic
 * clock through LuaJIT's FFI. wrk's timers count whole milliseconds, so requests leave in per-ms
 * batches; latency is measured from the moment a request is written.
 */
export const WRK_SCRIPT = `
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, { ["x-cohort"] = "user-" .. (counter % 1000) })
end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk_id, bench_timespec *tp);
  ]]
  local ts = ffi.new("bench_timespec")
  local CLOCK_MONOTONIC = 1
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval, start, slots = 1000 / rate, nil, 0
  delay = function()
    local t = now_ms()
    start = start or t
    local wait = start + slots * interval - t
    slots = slots + 1
    if wait < 1 then return 0 end
    return math.floor(wait)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%.0f,"durationUs":%.0f,"p50Us":%.0f,"p99Us":%.0f,"maxUs":%.0f,' ..
    '"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
`;

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

export const WRK_TOOL: BenchTool = {
  command: 'wrk',
  debianPackage: 'wrk',
  hint: 'wrk, the load generator, is not on PATH; install it with `apt-get install -y wrk` and run the bench again',
};

export function requireWrk(): string {
  const wrk = which(WRK_TOOL.command);
  if (!wrk) throw new InfraError('FICUS_BENCH_WRK_MISSING', WRK_TOOL.hint);
  return wrk;
}

export function writeWrkScript(dir: string): string {
  const file = join(dir, 'varied-cohort.lua');
  writeFileSync(file, WRK_SCRIPT);
  return file;
}

/** Reads the JSON line the script's `done` prints; undefined when wrk did not get that far. */
export function parseWrkOutput(stdout: string): LoadResult | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) return undefined;
  const s = JSON.parse(line.slice('BENCH_RESULT '.length)) as WrkSummary;
  const seconds = s.durationUs / 1e6;
  return {
    requests: s.requests,
    seconds,
    rps: seconds > 0 ? s.requests / seconds : 0,
    p50Ms: s.p50Us / 1000,
    p99Ms: s.p99Us / 1000,
    maxMs: s.maxUs / 1000,
    errors: s.connect + s.read + s.write + s.timeout,
    non2xx: s.status,
  };
}

export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  script: string;
  /** Constant request rate; unset, wrk sends as fast as the target answers. */
  rps?: number;
}

/**
 * wrk's -d takes whole seconds. A shorter or fractional window runs with the next whole second and
 * is ended with SIGINT, on which wrk stops its threads and reports the time it actually ran (its
 * main thread's sleep is cut short), so req/s stays exact.
 */
export function runWrk(run: WrkRun): Promise<LoadResult> {
  const wholeSeconds = Math.max(1, Math.ceil(run.seconds));
  const args = ['-t1', `-c${run.connections}`, `-d${wholeSeconds}s`, '--timeout', '5s'];
  const env = { ...process.env };
  if (run.rps === undefined) delete env.BENCH_RATE;
  else env.BENCH_RATE = String(run.rps);
  const child = spawn(requireWrk(), [...args, '-s', run.script, run.url], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const cut =
    wholeSeconds === run.seconds
      ? undefined
      : setTimeout(() => child.kill('SIGINT'), run.seconds * 1000);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(cut);
      const result = parseWrkOutput(out);
      if (result) done(result);
      else
        fail(new InfraError('FICUS_BENCH_LOAD_FAILED', `wrk exited with ${code}: ${out.trim()}`));
    });
  });
}
