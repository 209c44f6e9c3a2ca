import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { createLogger } from '@ficus/core';
import type { LegacySyncStatus } from '@ficus/sync';
import {
  createTestDatabase,
  seedLegacyClinic,
  startLegacyClinic,
  testMysqlUrl,
  type RunningClinic,
  type TestDatabase,
} from '@ficus/testing';
import type { LegacySyncConfig } from '../src/config/scheduling-config';
import { ExportAppointmentToLegacy } from '../src/modules/scheduling/application/export-appointment-to-legacy';
import { createSchedulingApp } from '../src/scheduling-app';

/**
 * The clinic (its own process on its own database, seeded by its own seeder: apps never import
 * apps) and the scheduling service on another database, deployed as production runs it: the
 * clinic configured as its legacy database, so that in the legacy phase writes go through to
 * APPT_TRN in the request and the two-way sync runs alongside. The service connects to the clinic
 * as a least-privilege user holding exactly the grants docs/scheduling-service.md lists, and its
 * first start fills its database from the sync's snapshot.
 */
/** The clinic-side tables the sync writes besides APPT_TRN, made by an administrator. */
const MARKER_TABLE = 'ficus_sync_marker_scheduling';

export interface LegacyClinicFixture {
  clinicDb: TestDatabase;
  serviceDb: TestDatabase;
  clinicUrl: string;
  sync: LegacySyncConfig;
  /** The service's HTTP base URL (it listens on a free loopback port). */
  serviceUrl: string;
  app: NestExpressApplication;
  /** Starts the service (again), on the same databases, and waits until the sync is ready. */
  startService: () => Promise<void>;
  stopService: () => Promise<void>;
  status: () => Promise<LegacySyncStatus>;
  /** An APPT_TRN row as the clinic holds it. */
  clinicVisit: (id: number) => Promise<Record<string, unknown> | undefined>;
  /** The service's copy of a visit, as the APPT_TRN row it stands for (the service must run). */
  serviceVisit: (id: number) => Promise<Record<string, unknown> | undefined>;
  /** The service's own row of a visit, read from its database. */
  serviceRow: (id: number) => Promise<Record<string, unknown> | undefined>;
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
    await sleep(50);
  }
}

export async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    (r) => r.ok,
    () => false,
  );
}

/**
 * A pair of replica ids for the sync's two connectors, random: test files running in parallel
 * share the MariaDB server, and a replica id already connected would kick the other out.
 */
export function replicaIds(): Pick<LegacySyncConfig, 'inboundServerId' | 'writeBackServerId'> {
  const id = 200_000 + Math.floor(Math.random() * 1_000_000_000);
  return { inboundServerId: id, writeBackServerId: id + 1 };
}

async function startClinic(clinicDb: TestDatabase, patients: number): Promise<RunningClinic> {
  await seedLegacyClinic(clinicDb, patients);
  return startLegacyClinic(clinicDb);
}

/** The grants docs/scheduling-service.md lists for SCHEDULING_LEGACY_DATABASE_URL's user. */
async function createClinicUser(clinicDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_sched_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: server, connectionLimit: 1 });
  const clinic = `\`${clinicDb.name}\``;
  try {
    await admin.query(`CREATE TABLE ${clinic}.${MARKER_TABLE} (writer VARCHAR(64) NOT NULL
      PRIMARY KEY, seq BIGINT NOT NULL) ENGINE=InnoDB`);
    await admin.query(`CREATE TABLE IF NOT EXISTS ${clinic}.ficus_cdc_offsets (connector
      VARCHAR(128) NOT NULL PRIMARY KEY, offset_json TEXT NOT NULL, updated_at TIMESTAMP(3) NOT
      NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    for (const grant of [
      'REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
      `SELECT ON ${clinic}.PATIENT_MST`,
      `SELECT ON ${clinic}.PRAC_MST`,
      `SELECT, INSERT, UPDATE ON ${clinic}.APPT_TRN`,
      `SELECT, INSERT, UPDATE ON ${clinic}.${MARKER_TABLE}`,
      `SELECT, INSERT, UPDATE, DELETE ON ${clinic}.ficus_cdc_offsets`,
    ]) {
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

/** SCHEDULING_DATABASE_URL's user on a server of its own: its own database, and the binlog. */
async function createServiceUser(serviceDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_ssvc_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: server, connectionLimit: 1 });
  try {
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${user}'@'%'`);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${serviceDb.name}\`.* TO '${user}'@'%'`);
  } finally {
    await admin.end();
  }
  const url = new URL(serviceDb.url);
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

/** Administrators' URLs (without a database) of the servers the clinic and the service live on. */
export interface SyncServers {
  clinic: string;
  service: string;
}

export async function openLegacyClinic(
  label: string,
  options: {
    patients?: number;
    systemOfRecord?: LegacySyncConfig['systemOfRecord'];
    servers?: SyncServers;
    /** The service's clock (the clinic keeps its own). */
    clock?: () => Date;
  } = {},
): Promise<LegacyClinicFixture> {
  const { patients = 20, systemOfRecord = 'legacy', servers, clock } = options;
  const clinicServer = servers?.clinic ?? testMysqlUrl();
  const serviceServer = servers?.service ?? testMysqlUrl();
  const clinicDb = await createTestDatabase(`${label}_clinic`, {}, clinicServer);
  const serviceDb = await createTestDatabase(`${label}_service`, {}, serviceServer);
  let clinic: RunningClinic | undefined;
  let serviceUrl: string | undefined;
  let clinicUser: string | undefined;
  let app: NestExpressApplication | undefined;
  let base = '';
  const stopService = async () => {
    await app?.close();
    app = undefined;
  };
  const close = async () => {
    await stopService();
    await clinic?.stop();
    if (clinicUser) await dropUser(clinicUser, clinicServer);
    if (servers && serviceUrl) await dropUser(serviceUrl, serviceServer);
    await clinicDb.drop();
    await serviceDb.drop();
  };
  let sync: LegacySyncConfig;
  try {
    serviceUrl = servers ? await createServiceUser(serviceDb, serviceServer) : serviceDb.url;
    clinic = await startClinic(clinicDb, patients);
    clinicUser = await createClinicUser(clinicDb, clinicServer);
    sync = { legacyDatabaseUrl: clinicUser, ...replicaIds(), systemOfRecord };
  } catch (err) {
    await close();
    throw err;
  }
  const databaseUrl = serviceUrl;
  const running = () => {
    assert.ok(app, 'the service is not running');
    return app;
  };
  const fixture: LegacyClinicFixture = {
    clinicDb,
    serviceDb,
    clinicUrl: clinic.url,
    sync,
    get serviceUrl() {
      return base;
    },
    get app() {
      return running();
    },
    startService: async () => {
      app = await createSchedulingApp(
        { databaseUrl, port: 0, host: '127.0.0.1', legacySync: sync },
        createLogger('scheduling-service-test'),
        clock,
      );
      await app.listen(0, '127.0.0.1');
      const server: Server = app.getHttpServer();
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await eventually('the sync to be ready', async () => {
        const res = await fetch(`${base}/sync/ready`);
        return res.status === 200;
      });
    },
    stopService,
    status: async () => {
      const res = await fetch(`${base}/sync/status`);
      assert.equal(res.status, 200);
      return (await res.json()) as LegacySyncStatus;
    },
    clinicVisit: async (id) => {
      const [rows] = await clinicDb.pool.query<RowDataPacket[]>(
        'SELECT * FROM APPT_TRN WHERE APPT_ID = ?',
        [id],
      );
      return rows[0] ? { ...rows[0] } : undefined;
    },
    serviceVisit: (id) => running().get(ExportAppointmentToLegacy).byId(id),
    serviceRow: async (id) => {
      const [rows] = await serviceDb.pool.query<RowDataPacket[]>(
        `SELECT id, patient_id, practitioner_id, DATE_FORMAT(start_date, '%Y-%m-%d') AS date,
                TIME_FORMAT(start_time, '%H:%i') AS time, duration_minutes, status,
                cancellation_reason
           FROM appointments WHERE id = ?`,
        [id],
      );
      return rows[0] ? { ...rows[0] } : undefined;
    },
    close,
  };
  try {
    await fixture.startService();
  } catch (err) {
    // A sync that never becomes ready would otherwise keep the clinic and the service running.
    await close();
    throw err;
  }
  return fixture;
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

/** A JSON call that must succeed; asserts a 2xx answer and returns its body. */
export async function callOk(
  base: string,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const answer = await call(base, method, path, body);
  assert.ok(
    answer.status >= 200 && answer.status < 300,
    `${base} answered ${answer.status} to ${method} ${path}: ${JSON.stringify(answer.body)}`,
  );
  return answer.body;
}
