import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { InfraError } from '@ficus/core';
import {
  canConnect,
  ensureDir,
  ficusHome,
  livePid,
  requireCommand,
  runOrThrow,
  startDaemon,
  stopProcess,
  tailFile,
  waitFor,
} from './process';

const INSTALL_HINT =
  'Install MariaDB from Debian: apt-get update && apt-get install -y mariadb-server ' +
  '(only the binaries are used; the project runs its own private instance). ' +
  'Or point Ficus at an existing server with MYSQL_URL=mysql://user:pass@host:port/.';
const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/bin'];

export interface MariaDbOptions {
  /** State dir holding data/, the socket, the pid file and the error log. */
  dir?: string;
  port?: number;
  /** true for `infra up` (outlives the caller); false for `npm start` and tests (a child of the caller). */
  detached: boolean;
  /** More mariadbd options, after the defaults (a test's server configured its own way). */
  serverArgs?: string[];
}

export interface MariaDbInstance {
  /** A URL without a database, e.g. mysql://root@127.0.0.1:3407/ */
  url: string;
  port: number;
  pid?: number;
  /** false when the server was already running or is external: stop() then leaves it alone. */
  managed: boolean;
  /**
   * For a server this process started: once its process has ended without stop(), why (its exit
   * signal or code, and the server's fatal-signal line from its error log when it crashed).
   */
  exited?(): string | undefined;
  stop(): Promise<void>;
}

interface Layout {
  dir: string;
  data: string;
  socket: string;
  pidFile: string;
  log: string;
  /**
   * The instance's own temporary directory: instances sharing /tmp have been seen to lose each
   * other's internal temporary tables there (`Could not remove temporary table '/tmp/#sql-…'`),
   * failing mariadb-install-db with `Unknown table 'mysql.tmp_user_sys'`.
   */
  tmp: string;
}

function layout(dir = resolve(ficusHome(), 'mariadb')): Layout {
  return {
    dir,
    data: resolve(dir, 'data'),
    socket: resolve(dir, 'mysqld.sock'),
    pidFile: resolve(dir, 'mariadbd.pid'),
    log: resolve(dir, 'mariadbd.log'),
    tmp: resolve(dir, 'tmp'),
  };
}

export function defaultMariaDbPort(): number {
  return Number(process.env.FICUS_MYSQL_PORT ?? 3407);
}

const localUrl = (port: number): string => `mysql://root@127.0.0.1:${port}/`;

/**
 * The server flags CDC depends on. ROW events with FULL images and FULL metadata let the connector
 * decode every column by name without querying INFORMATION_SCHEMA while the schema moves on.
 */
export const BINLOG_FLAGS = [
  '--log-bin=binlog',
  '--binlog-format=ROW',
  '--binlog-row-image=FULL',
  '--binlog-row-metadata=FULL',
  '--server-id=1',
  '--log-slave-updates=ON',
  '--expire-logs-days=2',
];

function initialise(l: Layout): void {
  if (existsSync(resolve(l.data, 'mysql'))) return;
  const installDb = requireCommand('mariadb-install-db', INSTALL_HINT, SBIN);
  rmSync(l.data, { recursive: true, force: true });
  ensureDir(l.data);
  ensureDir(l.tmp);
  runOrThrow('mariadb-install-db', installDb, [
    '--no-defaults',
    `--datadir=${l.data}`,
    `--tmpdir=${l.tmp}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ]);
}

function serverArgs(l: Layout, port: number): string[] {
  return [
    '--no-defaults',
    `--datadir=${l.data}`,
    `--tmpdir=${l.tmp}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${l.socket}`,
    `--pid-file=${resolve(l.dir, 'mariadbd.server.pid')}`,
    `--log-error=${l.log}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=500',
    '--innodb-buffer-pool-size=512M',
    // A private dev/test instance: trade crash durability of the last second for speed.
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    ...BINLOG_FLAGS,
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];
}

async function answers(port: number): Promise<boolean> {
  if (!(await canConnect('127.0.0.1', port))) return false;
  try {
    const conn = await createConnection({
      host: '127.0.0.1',
      port,
      user: 'root',
      connectTimeout: 1000,
    });
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Starts the private instance (or reuses a running one, or the server named by MYSQL_URL). */
export async function startMariaDb(opts: MariaDbOptions): Promise<MariaDbInstance> {
  if (process.env.MYSQL_URL) {
    return {
      url: process.env.MYSQL_URL,
      port: Number(new URL(process.env.MYSQL_URL).port || 3306),
      managed: false,
      stop: async () => {},
    };
  }
  const l = layout(opts.dir);
  const port = opts.port ?? defaultMariaDbPort();
  const running = livePid(l.pidFile);
  if (running !== undefined && (await answers(port))) {
    return { url: localUrl(port), port, pid: running, managed: false, stop: async () => {} };
  }
  if (await canConnect('127.0.0.1', port)) {
    throw new InfraError(
      'FICUS_PORT_IN_USE',
      `port ${port} is already taken by another process; choose another with FICUS_MYSQL_PORT=<port>, ` +
        'or use that server with MYSQL_URL=mysql://user:pass@127.0.0.1:<port>/',
    );
  }
  const mariadbd = requireCommand('mariadbd', INSTALL_HINT, SBIN);
  ensureDir(l.dir);
  initialise(l);
  ensureDir(l.tmp);
  const logFrom = sizeOf(l.log);
  const daemon = startDaemon({
    name: 'mariadbd',
    command: mariadbd,
    args: [...serverArgs(l, port), ...(opts.serverArgs ?? [])],
    logFile: resolve(l.dir, 'mariadbd.stdout.log'),
    pidFile: l.pidFile,
    detached: opts.detached,
  });
  try {
    await waitFor(`MariaDB on port ${port}`, () => answers(port), {
      timeoutMs: 60_000,
      intervalMs: 200,
      abortIf: () => {
        const exit = daemon.exited();
        return exit ? `${exit}\n${tailFile(l.log)}` : undefined;
      },
    });
  } catch (err) {
    daemon.release();
    await stopProcess(daemon.pid, 2000);
    throw err;
  }
  let stopped = false;
  return {
    url: localUrl(port),
    port,
    pid: daemon.pid,
    managed: true,
    exited: () => {
      const exit = stopped ? undefined : daemon.exited();
      if (exit === undefined) return undefined;
      const crash = fatalSignalLine(l.log, logFrom);
      return crash ? `${exit}; ${l.log} says: ${crash}` : exit;
    },
    stop: async () => {
      stopped = true;
      daemon.release();
      await stopProcess(daemon.pid);
      rmSync(l.pidFile, { force: true });
    },
  };
}

/** The size of a file, 0 when it does not exist yet. */
function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/**
 * The last "got signal N" line a server wrote to its error log from byte `from` on: MariaDB writes
 * one before it dies of a fatal signal, followed by a backtrace and the query it was running (left
 * in the log, since the query's data may be in it). The log is appended to by every start.
 */
function fatalSignalLine(log: string, from: number): string | undefined {
  const size = sizeOf(log);
  if (size <= from) return undefined;
  const fd = openSync(log, 'r');
  try {
    const bytes = Buffer.alloc(size - from);
    readSync(fd, bytes, 0, bytes.length, from);
    return bytes
      .toString('utf8')
      .split('\n')
      .findLast((line) => / got signal \d+/.test(line))
      ?.trim();
  } finally {
    closeSync(fd);
  }
}

export async function stopMariaDb(dir?: string): Promise<boolean> {
  const l = layout(dir);
  const pid = livePid(l.pidFile);
  if (pid === undefined) return false;
  await stopProcess(pid);
  rmSync(l.pidFile, { force: true });
  return true;
}

export async function mariaDbStatus(
  dir?: string,
): Promise<{ running: boolean; pid?: number; url: string }> {
  const port = defaultMariaDbPort();
  const pid = livePid(layout(dir).pidFile);
  const running = pid !== undefined && (await answers(port));
  return { running, ...(pid === undefined ? {} : { pid }), url: localUrl(port) };
}

export interface BinlogSettings {
  log_bin: string;
  binlog_format: string;
  binlog_row_image: string;
  binlog_row_metadata: string;
  server_id: string;
}

/** Reads the settings CDC relies on, so callers can say exactly which one to change. */
export async function readBinlogSettings(url: string): Promise<BinlogSettings> {
  const conn = await createConnection(url);
  try {
    const [rows] = await conn.query(
      "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin','binlog_format','binlog_row_image','binlog_row_metadata','server_id')",
    );
    const out: Record<string, string> = {};
    for (const r of rows as Array<{ Variable_name: string; Value: string }>)
      out[r.Variable_name] = r.Value;
    return out as unknown as BinlogSettings;
  } finally {
    await conn.end();
  }
}
