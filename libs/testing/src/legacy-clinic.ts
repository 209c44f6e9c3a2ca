import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@ficus/infra';
import type { TestDatabase } from './database';
import { exited, runScript, waitUntilServing } from './node-scripts';

/** Run from its build, as its own process: apps never import apps, nor libs apps. */
const CLINIC_DIST = 'dist/apps/legacy-clinic/src';

/** The sample monolith's schema and data on `database`, by its own seeder: `patients` patients and their practitioners, visits and bills. */
export async function seedLegacyClinic(database: TestDatabase, patients: number): Promise<void> {
  const seed = runScript(resolve(CLINIC_DIST, 'seed.main.js'), ['--patients', String(patients)], {
    CLINIC_DATABASE_URL: database.url,
  });
  const code = await exited(seed);
  if (code !== 0) throw new Error(`seeding the clinic failed (exit code ${code})`);
}

export interface RunningClinic {
  /** http://127.0.0.1:<port>, serving. */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The sample monolith on a seeded `database`, listening on a free loopback port. */
export async function startLegacyClinic(database: TestDatabase): Promise<RunningClinic> {
  const port = await freePort();
  const child = runScript(resolve(CLINIC_DIST, 'main.js'), [], {
    CLINIC_DATABASE_URL: database.url,
    CLINIC_PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const gone = exited(child);
    child.kill('SIGTERM');
    await gone;
  };
  try {
    await waitUntilServing(`${url}/health`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, child, stop };
}
