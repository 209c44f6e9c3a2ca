import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { freePort, waitFor } from '@ficus/infra';
import { testMysqlUrl, uniqueName } from '@ficus/testing';

/** `ficus sample` as a user starts it, on free ports and its own databases, token file and replica ids. */
export interface RunningSample {
  process: ChildProcess;
  gatewayPort: number;
  adminPort: number;
  /** The clinic's database; the services' are `<database>_patients` and `<database>_scheduling`. */
  database: string;
  /** Where the sample keeps its admin token (FICUS_HOME), instead of the developer's .ficus/. */
  home: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  token(): string;
  /** Ctrl-C, as a user stops it; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Stops it if it still runs, then drops its databases and its token file. */
  remove(): Promise<void>;
}

/** Replica ids in a range of their own per run, so a developer's own sample keeps its binlog streams. */
function replicaIds(): { patients: number; scheduling: number } {
  const base = 20_000 + Math.floor(Math.random() * 10_000) * 4;
  return { patients: base, scheduling: base + 2 };
}

export async function startSample(label: string, args: string[] = []): Promise<RunningSample> {
  const gatewayPort = await freePort();
  const adminPort = await freePort();
  const database = uniqueName('ft', label);
  const home = mkdtempSync(join(tmpdir(), `ficus-${label}-`));
  const ids = replicaIds();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FICUS_ADMIN_TOKEN;
  let output = '';
  const child = spawn(
    process.execPath,
    ['dist/apps/cli/src/main.js', 'sample', '--port', String(gatewayPort), ...args],
    {
      env: {
        ...env,
        FICUS_HOME: home,
        FICUS_SAMPLE_DATABASE: database,
        CLINIC_PORT: String(await freePort()),
        PATIENTS_PORT: String(await freePort()),
        SCHEDULING_PORT: String(await freePort()),
        FICUS_ADMIN_PORT: String(adminPort),
        PATIENTS_SYNC_SERVER_ID: String(ids.patients),
        SCHEDULING_SYNC_SERVER_ID: String(ids.scheduling),
        FICUS_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));

  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    return exited;
  };
  const sample: RunningSample = {
    process: child,
    gatewayPort,
    adminPort,
    database,
    home,
    output: () => output,
    token: () => readFileSync(join(home, 'admin-token'), 'utf8').trim(),
    stop,
    async remove() {
      await stop();
      const pool = createPool({ uri: testMysqlUrl(), connectionLimit: 1 });
      for (const db of [database, `${database}_patients`, `${database}_scheduling`])
        await pool.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await pool.end();
      rmSync(home, { recursive: true, force: true });
    },
  };
  // Both services copy the clinic before the banner: the deadline only bounds a hung start.
  await waitFor('the sample', () => Promise.resolve(output.includes('Ctrl-C stops everything')), {
    timeoutMs: 360_000,
    abortIf: () =>
      child.exitCode !== null ? `it exited with ${child.exitCode}:\n${output}` : undefined,
  }).catch(async (err: unknown) => {
    await sample.remove();
    throw err;
  });
  return sample;
}
