import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { InfraError } from '@ficus/core';
import { canConnect, stopProcess, tailFile, waitFor } from '@ficus/infra';
import type { ReadyMessage, StatsMessage, StatsRequest } from './child-ipc';

/** A server the bench started: an upstream, a proxy under test, or the gateway. */
export interface BenchProcess {
  name: string;
  pid: number;
  ports: number[];
  logFile: string;
  /** Requests served per port (children that answer the `stats` message only). */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const live = new Set<ChildProcess>();
// Whatever ends the bench (an error, Ctrl-C), no server it started outlives it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function track(child: ChildProcess, name: string): number {
  if (child.pid === undefined)
    throw new InfraError('FICUS_BENCH_START_FAILED', `${name} could not be spawned`);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child.pid;
}

function startFailure(name: string, logFile: string, reason: string): InfraError {
  const tail = tailFile(logFile, 15);
  return new InfraError(
    'FICUS_BENCH_START_FAILED',
    `${name} did not start: ${reason}${tail ? `\n${tail}` : ''}`,
  );
}

function handle(name: string, child: ChildProcess, logFile: string, ports: number[]): BenchProcess {
  const pid = track(child, name);
  return {
    name,
    pid,
    ports,
    logFile,
    stats: () =>
      new Promise((done, fail) => {
        if (!child.connected) return fail(new Error(`${name} has no IPC channel`));
        child.once('message', (m: StatsMessage) => done(m.counts));
        const request: StatsRequest = { type: 'stats' };
        child.send(request);
      }),
    stop: () => stopProcess(pid, 5_000),
  };
}

/**
 * Forks one of the bench's own Node servers and waits for it to announce its ports; `execArgv` are
 * Node flags added to the bench's own.
 */
export async function forkServer(
  name: string,
  script: string,
  args: string[],
  logFile: string,
  execArgv: readonly string[] = [],
): Promise<BenchProcess> {
  const out = openSync(logFile, 'a');
  const child = fork(script, args, {
    stdio: ['ignore', out, out, 'ipc'],
    execArgv: [...process.execArgv, ...execArgv],
  });
  closeSync(out);
  const proc = handle(name, child, logFile, []);
  const announced = new Promise<number[]>((done, fail) => {
    const timer = setTimeout(
      () => fail(startFailure(name, logFile, 'no answer')),
      START_TIMEOUT_MS,
    );
    child.once('message', (m: ReadyMessage) => {
      clearTimeout(timer);
      done(m.ports);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(startFailure(name, logFile, `exited with ${signal ?? `code ${code}`}`));
    });
  });
  try {
    proc.ports.push(...(await announced));
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return proc;
}

/** Spawns a server that is not ours (nginx, the gateway's main) and waits until its port answers. */
export async function spawnServer(
  name: string,
  command: string,
  args: string[],
  opts: { port: number; logFile: string; env?: NodeJS.ProcessEnv },
): Promise<BenchProcess> {
  const out = openSync(opts.logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out], env: opts.env ?? process.env });
  closeSync(out);
  const proc = handle(name, child, opts.logFile, [opts.port]);
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `exited with ${signal ?? `code ${code}`}`));
  try {
    await waitFor(name, () => canConnect('127.0.0.1', opts.port), {
      timeoutMs: START_TIMEOUT_MS,
      abortIf: () => exit,
    });
  } catch {
    await proc.stop();
    const reason = exit ?? `nothing listened on port ${opts.port} within ${START_TIMEOUT_MS} ms`;
    throw startFailure(name, opts.logFile, reason);
  }
  return proc;
}
