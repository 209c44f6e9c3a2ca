import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { StoredOffset } from '../src/offsets/stored-offset';

/** `ficus-cdc run` as a child process, so a test can kill -9 it like a crash would. */
export class ConnectorProcess {
  private child: ChildProcess | undefined;
  private readonly configDir: string;
  private readonly configFile: string;
  output = '';

  constructor(config: Record<string, unknown>) {
    this.configDir = mkdtempSync(join(tmpdir(), 'ficus-cdc-'));
    this.configFile = join(this.configDir, 'connector.json');
    writeFileSync(this.configFile, JSON.stringify(config));
  }

  start(): void {
    const main = resolve('dist/apps/cdc-connector/src/main.js');
    this.child = spawn(process.execPath, [main, 'run', '--config', this.configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FICUS_LOG_LEVEL: 'warn' },
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  /** Stops the connector as an operator would and removes its config: the end of a test. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.configDir, { recursive: true, force: true });
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }
}

/** The connector's committed offset, read straight from its table. */
export async function committedOffset(
  pool: Pool,
  serverName: string,
): Promise<StoredOffset | undefined> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT offset_json FROM ficus_cdc_offsets WHERE connector = ?',
    [serverName],
  );
  const text = rows[0]?.offset_json as string | undefined;
  return text ? (JSON.parse(text) as StoredOffset) : undefined;
}

export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
