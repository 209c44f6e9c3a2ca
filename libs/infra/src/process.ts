import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraError } from '@ficus/core';

/** Where the project's private servers keep their data, logs and pid files. */
export function ficusHome(): string {
  return resolve(process.env.FICUS_HOME ?? resolve(process.cwd(), '.ficus'));
}

/** Where downloaded artefacts (Kafka's jars) are cached across clones of the project. */
export function cacheHome(): string {
  return resolve(
    process.env.FICUS_CACHE ??
      resolve(process.env.XDG_CACHE_HOME ?? resolve(process.env.HOME ?? '/tmp', '.cache'), 'ficus'),
  );
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Absolute path of a command on PATH (or in the extra dirs), or undefined. */
export function which(cmd: string, extraDirs: string[] = []): string | undefined {
  for (const dir of [...extraDirs, ...(process.env.PATH ?? '').split(':')]) {
    if (!dir) continue;
    const candidate = resolve(dir, cmd);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function requireCommand(cmd: string, installHint: string, extraDirs: string[] = []): string {
  const found = which(cmd, extraDirs);
  if (!found) {
    throw new InfraError('FICUS_TOOL_MISSING', `"${cmd}" was not found on PATH. ${installHint}`);
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid recorded in the file if that process still runs; a stale file is removed. */
export function livePid(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  if (pid !== undefined && isAlive(pid)) return pid;
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
  return undefined;
}

export async function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface WaitOptions {
  timeoutMs: number;
  /** Stop waiting early when this returns a reason (the process died, say). */
  abortIf?: () => string | undefined;
  intervalMs?: number;
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await probe()) return;
    const reason = opts.abortIf?.();
    if (reason)
      throw new InfraError('FICUS_INFRA_START_FAILED', `${what} did not come up: ${reason}`);
    if (Date.now() > deadline) {
      throw new InfraError(
        'FICUS_INFRA_START_TIMEOUT',
        `${what} did not come up within ${opts.timeoutMs} ms`,
        {
          retriable: true,
        },
      );
    }
    await sleep(opts.intervalMs ?? 100);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? done(addr.port) : fail(new Error('no port')),
      );
    });
  });
}

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Detached daemons outlive the command that started them (`infra:up`); attached ones are children
   * of the calling process and die with it (`npm start`, where Ctrl-C must leave nothing behind).
   */
  detached: boolean;
}

export interface Daemon {
  pid: number;
  /** Set once the process has exited (attached daemons only). */
  exited: () => string | undefined;
  /** Forget the exit hook of an attached daemon, once it has been stopped on purpose. */
  release: () => void;
}

/** Attached daemons must not outlive a caller that exits without stopping them. */
function killWithCaller(pid: number): () => void {
  const kill = (): void => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', kill);
  return () => process.off('exit', kill);
}

export function startDaemon(spec: DaemonSpec): Daemon {
  ensureDir(dirname(spec.logFile));
  ensureDir(dirname(spec.pidFile));
  const out = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    detached: spec.detached,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  if (child.pid === undefined) {
    throw new InfraError(
      'FICUS_INFRA_START_FAILED',
      `${spec.name} could not be spawned (${spec.command})`,
    );
  }
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = `${spec.name} exited with ${signal ?? `code ${code}`}; see ${spec.logFile}`;
  });
  child.once('error', (err) => {
    exit = `${spec.name} failed to start: ${err.message}`;
  });
  if (spec.detached) child.unref();
  writeFileSync(spec.pidFile, `${child.pid}\n`);
  const release = spec.detached ? () => undefined : killWithCaller(child.pid);
  return { pid: child.pid, exited: () => exit, release };
}

/** SIGTERM, then SIGKILL after the grace period. Resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 15_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isAlive(pid)) await sleep(50);
  }
}

export function tailFile(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a command to completion, throwing an InfraError with its output tail on failure. */
export function runOrThrow(
  what: string,
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  const res = spawnSync(command, args, {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error)
    throw new InfraError('FICUS_INFRA_COMMAND_FAILED', `${what}: ${res.error.message}`, {
      cause: res.error,
    });
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n');
    throw new InfraError(
      'FICUS_INFRA_COMMAND_FAILED',
      `${what} failed (exit ${res.status}):\n${tail}`,
    );
  }
  return res.stdout;
}
