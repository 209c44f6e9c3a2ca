import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { createLogger } from '@ficus/core';
import { freePort } from '@ficus/infra';
import { createTestDatabase, testMysqlUrl, type TestDatabase } from '@ficus/testing';
import type { SchedulingPhase } from '../src/modules/scheduling/domain/appointment-system-of-record.port';
import { ExportAppointmentToLegacy } from '../src/modules/scheduling/application/export-appointment-to-legacy';
import { ImportLegacyClinic } from '../src/modules/scheduling/application/import-legacy-clinic';
import { createSchedulingApp } from '../src/scheduling-app';

/**
 * The clinic (its own process on its own database, seeded by its own seeder: apps never import
 * apps) and the scheduling service on another database, with the clinic configured as its legacy
 * database: the service connects to it as a least-privilege user holding exactly the grants
 * docs/scheduling-service.md lists. The service imports the clinic's rows before it listens, as a
 * deployment's first start does.
 */
const CLINIC_DIST = resolve('dist/apps/legacy-clinic/src');

export interface LegacyClinicFixture {
  clinicDb: TestDatabase;
  serviceDb: TestDatabase;
  clinicUrl: string;
  serviceUrl: string;
  app: NestExpressApplication;
  /** An APPT_TRN row as the clinic holds it. */
  clinicVisit: (id: number) => Promise<Record<string, unknown> | undefined>;
  /** The service's copy of a visit, as the APPT_TRN row it stands for. */
  serviceVisit: (id: number) => Promise<Record<string, unknown> | undefined>;
  close: () => Promise<void>;
}

export function node(path: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [resolve(path), ...args], {
    env: { ...process.env, FICUS_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

export async function stop(child: ChildProcess): Promise<void> {
  const gone = exited(child);
  child.kill('SIGTERM');
  await gone;
}

/** Polls until `check` holds; the message says what never happened. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    (r) => r.ok,
    () => false,
  );
}

async function startClinic(clinicDb: TestDatabase, patients: number) {
  const env = { CLINIC_DATABASE_URL: clinicDb.url };
  const seeded = await exited(
    node(`${CLINIC_DIST}/seed.main.js`, ['--patients', String(patients)], env),
  );
  assert.equal(seeded, 0, 'seeding the clinic failed');
  const port = await freePort();
  const child = node(`${CLINIC_DIST}/main.js`, [], { ...env, CLINIC_PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await eventually('the clinic to answer /health', () => answers(`${url}/health`));
  return { child, url };
}

/** The grants docs/scheduling-service.md lists for SCHEDULING_LEGACY_DATABASE_URL's user. */
async function createClinicUser(clinicDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_sched_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: server, connectionLimit: 1 });
  const clinic = `\`${clinicDb.name}\``;
  try {
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    for (const grant of [`SELECT ON ${clinic}.*`, `INSERT, UPDATE ON ${clinic}.APPT_TRN`]) {
      await admin.query(`GRANT ${grant} TO '${user}'@'%'`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(clinicDb.url);
  url.username = user;
  url.password = password;
  return url.toString();
}

async function dropUser(url: string, server: string): Promise<void> {
  const admin = createPool({ uri: server, connectionLimit: 1 });
  try {
    await admin.query(`DROP USER IF EXISTS '${decodeURIComponent(new URL(url).username)}'@'%'`);
  } finally {
    await admin.end();
  }
}

export async function openLegacyClinic(
  label: string,
  patients = 20,
  systemOfRecord: SchedulingPhase = 'legacy',
): Promise<LegacyClinicFixture> {
  const server = testMysqlUrl();
  const clinicDb = await createTestDatabase(`${label}_clinic`);
  const serviceDb = await createTestDatabase(`${label}_service`);
  let clinic: Awaited<ReturnType<typeof startClinic>> | undefined;
  let clinicUser: string | undefined;
  let app: NestExpressApplication | undefined;
  const close = async () => {
    await app?.close();
    if (clinic) await stop(clinic.child);
    if (clinicUser) await dropUser(clinicUser, server);
    await clinicDb.drop();
    await serviceDb.drop();
  };
  try {
    clinic = await startClinic(clinicDb, patients);
    clinicUser = await createClinicUser(clinicDb, server);
    app = await createSchedulingApp(
      {
        databaseUrl: serviceDb.url,
        port: 0,
        host: '127.0.0.1',
        legacySync: { legacyDatabaseUrl: clinicUser, systemOfRecord },
      },
      createLogger('scheduling-service-test'),
    );
    const select = async (table: string) =>
      (await clinicDb.pool.query<RowDataPacket[]>(`SELECT * FROM ${table}`))[0];
    await app.get(ImportLegacyClinic).run({
      patients: await select('PATIENT_MST'),
      practitioners: await select('PRAC_MST'),
      appointments: await select('APPT_TRN'),
    });
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await close();
    throw err;
  }
  const running = app;
  const exporter = running.get(ExportAppointmentToLegacy);
  return {
    clinicDb,
    serviceDb,
    clinicUrl: clinic.url,
    serviceUrl: `http://127.0.0.1:${(running.getHttpServer().address() as AddressInfo).port}`,
    app: running,
    clinicVisit: async (id) => {
      const [rows] = await clinicDb.pool.query<RowDataPacket[]>(
        'SELECT * FROM APPT_TRN WHERE APPT_ID = ?',
        [id],
      );
      return rows[0] ? { ...rows[0] } : undefined;
    },
    serviceVisit: (id) => exporter.byId(id),
    close,
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request over real HTTP. */
export async function call(
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
