import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import request from 'supertest';
import { createLogger } from '@ficus/core';
import {
  createTestDatabase,
  seedLegacyClinic,
  startLegacyClinic,
  testMysqlUrl,
  type TestDatabase,
} from '@ficus/testing';
import type { LegacySyncConfig, SystemOfRecord } from '../src/config/patients-config';
import type { LegacySyncStatus } from '@ficus/sync';
import { createPatientsApp } from '../src/patients-app';

/**
 * The clinic (its own process on its own database, seeded by its own seeder: apps never import
 * apps) and the patients service on another database with the two-way sync on, connecting to the
 * clinic as a least-privilege user holding exactly the grants the service README lists.
 */
export interface SyncFixture {
  clinicDb: TestDatabase;
  serviceDb: TestDatabase;
  clinicUrl: string;
  sync: LegacySyncConfig;
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  /** Listens on a free loopback port (once per start), for tests that talk real HTTP. */
  listen: () => Promise<string>;
  /** Starts the service (again), on the same databases, and waits until the sync is ready. */
  startService: () => Promise<void>;
  stopService: () => Promise<void>;
  status: () => Promise<LegacySyncStatus>;
  clinicRow: (id: number) => Promise<Record<string, unknown> | undefined>;
  close: () => Promise<void>;
}

/** Polls until `check` holds; the message says what never happened. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The grants the service README lists for PATIENTS_LEGACY_DATABASE_URL's user. */
async function createSyncUser(clinicDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_sync_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: server, connectionLimit: 1 });
  const clinic = `\`${clinicDb.name}\``;
  try {
    await admin.query(`CREATE TABLE ${clinic}.ficus_sync_marker (writer VARCHAR(64) NOT NULL
      PRIMARY KEY, seq BIGINT NOT NULL) ENGINE=InnoDB`);
    await admin.query(`CREATE TABLE ${clinic}.ficus_cdc_offsets (connector VARCHAR(128) NOT NULL
      PRIMARY KEY, offset_json TEXT NOT NULL, updated_at TIMESTAMP(3) NOT NULL DEFAULT
      CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    for (const grant of [
      'REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
      `SELECT ON ${clinic}.*`,
      `INSERT, UPDATE ON ${clinic}.PATIENT_MST`,
      `INSERT, UPDATE ON ${clinic}.ficus_sync_marker`,
      `UPDATE (APPT_PAT_ID, APPT_UPD_DT) ON ${clinic}.APPT_TRN`,
      `UPDATE (BILL_PAT_ID, BILL_UPD_DT) ON ${clinic}.BILL_HDR`,
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

/** The grants the service README lists for PATIENTS_DATABASE_URL's user: its own database. */
async function createServiceUser(serviceDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_svc_${randomBytes(4).toString('hex')}`;
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

/**
 * Administrators' URLs (without a database) of the servers the clinic and the service live on.
 * Without them both share the run's server and the service connects as its administrator; with
 * them the service connects as a user that owns only its own database.
 */
export interface SyncServers {
  clinic: string;
  service: string;
}

export async function openSync(
  label: string,
  patients = 20,
  systemOfRecord: SystemOfRecord = 'legacy',
  servers?: SyncServers,
): Promise<SyncFixture> {
  const clinicServer = servers?.clinic ?? testMysqlUrl();
  const serviceServer = servers?.service ?? testMysqlUrl();
  const clinicDb = await createTestDatabase(`${label}_clinic`, {}, clinicServer);
  const serviceDb = await createTestDatabase(`${label}_service`, {}, serviceServer);
  const serviceUrl = servers ? await createServiceUser(serviceDb, serviceServer) : serviceDb.url;
  await seedLegacyClinic(clinicDb, patients);
  const clinic = await startLegacyClinic(clinicDb);
  const replica = 200_000 + Math.floor(Math.random() * 1_000_000_000);
  const sync: LegacySyncConfig = {
    legacyDatabaseUrl: await createSyncUser(clinicDb, clinicServer),
    inboundServerId: replica,
    writeBackServerId: replica + 1,
    systemOfRecord,
  };
  let app: NestExpressApplication | undefined;
  const fixture: SyncFixture = {
    clinicDb,
    serviceDb,
    clinicUrl: clinic.url,
    sync,
    get app() {
      assert.ok(app, 'the service is not running');
      return app;
    },
    http: () => request(fixture.app.getHttpServer()),
    listen: async () => {
      await fixture.app.listen(0, '127.0.0.1');
      const server: Server = fixture.app.getHttpServer();
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    startService: async () => {
      app = await createPatientsApp(
        { databaseUrl: serviceUrl, port: 0, host: '127.0.0.1', legacySync: sync },
        createLogger('patients-service-test'),
      );
      await eventually('the sync to be ready', async () => {
        const res = await fixture.http().get('/sync/ready');
        return res.status === 200;
      });
    },
    stopService: async () => {
      await app?.close();
      app = undefined;
    },
    status: async () =>
      (await fixture.http().get('/sync/status').expect(200)).body as LegacySyncStatus,
    clinicRow: async (id) => {
      const [rows] = await clinicDb.pool.query<RowDataPacket[]>(
        'SELECT * FROM PATIENT_MST WHERE PAT_ID = ?',
        [id],
      );
      return rows[0] ? { ...rows[0] } : undefined;
    },
    close: async () => {
      await fixture.stopService();
      await clinic.stop();
      await dropUser(sync.legacyDatabaseUrl, clinicServer);
      if (servers) await dropUser(serviceUrl, serviceServer);
      await clinicDb.drop();
      await serviceDb.drop();
    },
  };
  try {
    await fixture.startService();
  } catch (err) {
    // A sync that never becomes ready would otherwise keep the clinic and the service running.
    await fixture.close();
    throw err;
  }
  return fixture;
}

/** The clinic's own HTTP API, as its users change patients. */
export async function clinicCall(
  fixture: SyncFixture,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${fixture.clinicUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  assert.ok(res.ok, `the clinic answered ${res.status} to ${method} ${path}`);
  return answer;
}

/**
 * Both connectors have read everything committed before the call: a change only write-back
 * carries (made in the service's database alone, as a crash between a request's two commits
 * leaves one) and a clinic insert have crossed. Returns the clinic-inserted patient's id.
 */
export async function caughtUp(fixture: SyncFixture, sentinel: number): Promise<number> {
  await fixture.serviceDb.pool.query(
    "UPDATE patients SET email = CONCAT('s', version, '@example.test'), version = version + 1 WHERE id = ?",
    [sentinel],
  );
  const [rows] = await fixture.serviceDb.pool.query<RowDataPacket[]>(
    'SELECT version FROM patients WHERE id = ?',
    [sentinel],
  );
  const version = Number(rows[0]?.version);
  await eventually('write-back to carry the sentinel', async () => {
    return (await fixture.clinicRow(sentinel))?.PAT_VER === version;
  });
  const created = await clinicCall(fixture, 'POST', '/api/patients', {
    firstName: 'Sam',
    lastName: 'Zzsentinel',
  });
  const id = Number(created.PAT_ID);
  await eventually('inbound to carry the sentinel', async () => {
    const [found] = await fixture.serviceDb.pool.query<RowDataPacket[]>(
      'SELECT 1 FROM patients WHERE id = ?',
      [id],
    );
    return found.length > 0;
  });
  return id;
}
