import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createLogger, FicusError } from '@ficus/core';
import { sampleTokenFile } from '../admin-client';
import { GATEWAY_NODE_FLAGS, startMariaDb, type MariaDbInstance } from '@ficus/infra';
import { ProcessGroup, runToCompletion } from '../process-group';

export interface SampleOptions {
  patients: number;
  gatewayPort: number;
  fresh?: boolean;
}

const log = createLogger('sample');
/** The sample's database; tests name their own so they never touch a developer's sample. */
export const CLINIC_DB = process.env.FICUS_SAMPLE_DATABASE ?? 'clinic';
export const CLINIC_SEED_SCRIPT = 'dist/apps/legacy-clinic/src/seed.main.js';
const SCHEDULING_IMPORT_SCRIPT = 'dist/apps/scheduling-service/src/import-legacy.main.js';
/**
 * How long a service may take to copy the clinic on a first start: a minute or two on a quiet
 * machine, for the 10,000 patients, but both services copy at once, and a busy machine (a CI
 * runner, tests beside it) takes several times as long.
 */
const FIRST_COPY_MS = 300_000;
/** A day of the seed (42) with visits, for the banner's example. */
const SAMPLE_DAY = '2025-07-02';
const PATIENTS_DB = `${CLINIC_DB}_patients`;
const SCHEDULING_DB = `${CLINIC_DB}_scheduling`;

export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const conn = await createConnection(serverUrl);
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
  return `${serverUrl.replace(/\/?$/, '/')}${name}`;
}

/** The sample's fixed ports (README, "Quick start"); each has its environment override. */
export const SAMPLE_PORTS = {
  admin: 8081,
  clinic: 3100,
  patients: 8082,
  scheduling: 8083,
} as const;

/**
 * Replica server ids of the services' sync connectors (inbound from the clinic, write-back to it):
 * MariaDB drops a binlog stream when another connects with the same id, so all four must differ.
 * The patients service's defaults are its own (5411, and the next for write-back).
 */
export interface SyncServerIds {
  patients: { sync: number; writeBack: number };
  scheduling: { sync: number; writeBack: number };
}

const SCHEDULING_SYNC_SERVER_ID = 5421;

export function syncServerIds(env: NodeJS.ProcessEnv = process.env): SyncServerIds {
  const id = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d{1,10}$/.test(value) || n < 1 || n > 4_294_967_295)
      throw new FicusError(
        'FICUS_SAMPLE_SERVER_ID',
        `${name} is "${value}"; it must be a replica server id (1-4294967295)`,
      );
    return n;
  };
  const patientsSync = id('PATIENTS_SYNC_SERVER_ID', 5411);
  const schedulingSync = id('SCHEDULING_SYNC_SERVER_ID', SCHEDULING_SYNC_SERVER_ID);
  const ids: SyncServerIds = {
    patients: {
      sync: patientsSync,
      writeBack: id('PATIENTS_WRITEBACK_SERVER_ID', patientsSync + 1),
    },
    scheduling: {
      sync: schedulingSync,
      writeBack: id('SCHEDULING_WRITEBACK_SERVER_ID', schedulingSync + 1),
    },
  };
  const all = [
    ids.patients.sync,
    ids.patients.writeBack,
    ids.scheduling.sync,
    ids.scheduling.writeBack,
  ];
  if (new Set(all).size !== all.length)
    throw new FicusError(
      'FICUS_SAMPLE_SERVER_ID',
      `the sync connectors' replica server ids must all differ, got patients ${ids.patients.sync}/${ids.patients.writeBack} ` +
        `and scheduling ${ids.scheduling.sync}/${ids.scheduling.writeBack}; set PATIENTS_SYNC_SERVER_ID or SCHEDULING_SYNC_SERVER_ID ` +
        '(each connector takes its id and the next one for write-back)',
    );
  return ids;
}

/** The gateway accepts no shorter token (admin-authenticator.ts). */
const MIN_TOKEN_LENGTH = 16;

/**
 * The admin token of the sample: FICUS_ADMIN_TOKEN, else the one stored by an earlier start, else a
 * new random one stored for the next start and for the ficus command (owner-only file).
 */
export function sampleToken(env: NodeJS.ProcessEnv = process.env): { token: string; from: string } {
  const given = env.FICUS_ADMIN_TOKEN;
  if (given) {
    if (given.length < MIN_TOKEN_LENGTH)
      throw new FicusError(
        'FICUS_SAMPLE_TOKEN',
        `FICUS_ADMIN_TOKEN has ${given.length} characters; the gateway needs at least ${MIN_TOKEN_LENGTH} (openssl rand -hex 24)`,
      );
    return { token: given, from: 'FICUS_ADMIN_TOKEN' };
  }
  const file = sampleTokenFile();
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_TOKEN_LENGTH) return { token: stored, from: file };
  }
  const token = randomBytes(24).toString('hex');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // The mode given to writeFileSync applies only when it creates the file.
  chmodSync(file, 0o600);
  return { token, from: `${file} (new)` };
}

/** `sample --fresh`: the clinic and the service start from the seed again, with a new token. */
async function dropSampleState(serverUrl: string): Promise<void> {
  const conn = await createConnection(serverUrl);
  try {
    for (const db of [CLINIC_DB, PATIENTS_DB, SCHEDULING_DB])
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  } finally {
    await conn.end();
  }
  rmSync(sampleTokenFile(), { force: true });
  log.info(
    { databases: [CLINIC_DB, PATIENTS_DB, SCHEDULING_DB] },
    'sample state dropped (--fresh)',
  );
}

interface SamplePorts {
  gateway: number;
  admin: number;
  clinic: number;
  patients: number;
  scheduling: number;
}

/** How the scheduling service got the clinic's practitioners and appointments at this start. */
type SchedulingFill = 'sync' | 'import';

function banner(
  ports: SamplePorts,
  mysqlUrl: string,
  token: { token: string; from: string },
  scheduling: SchedulingFill,
): string {
  const g = `http://127.0.0.1:${ports.gateway}`;
  const a = `http://127.0.0.1:${ports.admin}`;
  const s = `http://127.0.0.1:${ports.scheduling}`;
  const schedulingData =
    scheduling === 'sync'
      ? 'two-way sync with the clinic'
      : 'imported from the clinic at this start, not kept in step';
  return [
    '',
    'Ficus sample migration is running. Clients call the gateway, which keeps their URLs: patient,',
    'practitioner and appointment reads are answered by the clinic and shadowed to the patients and',
    'scheduling services; everything else, appointment bookings included, goes to the clinic.',
    `  gateway             ${g}`,
    `  admin, dashboard    ${a}/admin/dashboard   (metrics: ${a}/metrics)`,
    `  legacy clinic       http://127.0.0.1:${ports.clinic}   database ${mysqlUrl}${CLINIC_DB}`,
    `  patients service    http://127.0.0.1:${ports.patients}   database ${mysqlUrl}${PATIENTS_DB} (two-way sync with the clinic)`,
    `  scheduling service  ${s}   database ${mysqlUrl}${SCHEDULING_DB} (${schedulingData})`,
    `  admin token         ${token.token}   (from ${token.from}; the ficus command reads it there too)`,
    '',
    'Try:',
    `  curl -s ${g}/api/patients/1`,
    `  curl -s '${g}/api/patients?name=yewf&dob=2006-09-16'`,
    `  curl -s ${g}/api/invoices/1`,
    `  curl -s ${g}/api/patients/1/balance`,
    `  curl -s ${g}/api/practitioners`,
    `  curl -s '${g}/api/appointments?date=${SAMPLE_DAY}&practitionerId=1'   # a day's visits`,
    `  curl -s ${g}/api/patients/1/appointments`,
    `  curl -s -H "authorization: Bearer ${token.token}" ${a}/admin/routes/patients-read/parity`,
    '                    # shadow comparisons: paths and counts, never values',
    `  curl -s http://127.0.0.1:${ports.patients}/fhir/Patient/1   # the same patient, as a FHIR R4 resource`,
    `  curl -s ${s}/fhir/Practitioner/1   # a practitioner, as FHIR R4`,
    `  node dist/apps/cli/src/main.js status${ports.admin === SAMPLE_PORTS.admin ? '' : ` --admin-url ${a}`}   # modes, parity, gates`,
    '',
    'Reset the sample (databases and token) with: node dist/apps/cli/src/main.js sample --fresh',
    'Ctrl-C stops everything this command started.',
    '',
  ].join('\n');
}

/**
 * The scheduling service is ready when its own readiness says so. With its sync it has
 * `/sync/ready` (200 once the clinic's rows are in); a service without one answers 404 there, and
 * the sample fills it with the import instead, anew at each start, since nothing keeps it in step.
 */
async function fillScheduling(
  group: ProcessGroup,
  url: string,
  databaseUrl: string,
  clinicUrl: string,
): Promise<SchedulingFill> {
  await group.waitHealthy('scheduling-service', `${url}/health`, 60_000);
  const probe = await fetch(`${url}/sync/ready`);
  await probe.arrayBuffer();
  if (probe.status !== 404) {
    await group.waitHealthy('scheduling-service', `${url}/sync/ready`, FIRST_COPY_MS);
    return 'sync';
  }
  log.info('the scheduling service has no sync: importing the clinic into it');
  await group.runStep(
    'scheduling import',
    SCHEDULING_IMPORT_SCRIPT,
    ['--from', clinicUrl, '--replace'],
    {
      SCHEDULING_DATABASE_URL: databaseUrl,
    },
  );
  return 'import';
}

/** `npm start`: the whole sample on one machine, children of this process, stopped together. */
export async function sampleCommand(opts: SampleOptions): Promise<number> {
  let mysql: MariaDbInstance | undefined;
  let failed: (code: number) => void = () => undefined;
  const finished = new Promise<number>((done) => (failed = done));
  const group = new ProcessGroup((name, reason) => {
    log.error(
      { process: name, reason },
      'a sample process stopped unexpectedly; stopping the rest',
    );
    failed(1);
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping the sample');
    failed(0);
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    mysql = await startMariaDb({ detached: false });
    if (opts.fresh) await dropSampleState(mysql.url);
    const token = sampleToken();
    const serverIds = syncServerIds();
    const clinicUrl = await ensureDatabase(mysql.url, CLINIC_DB);
    const env = { CLINIC_DATABASE_URL: clinicUrl };
    await runToCompletion(
      'clinic seed',
      'dist/apps/legacy-clinic/src/seed.main.js',
      ['--patients', String(opts.patients), '--if-empty'],
      env,
    );

    const ports: SamplePorts = {
      gateway: opts.gatewayPort,
      admin: Number(process.env.FICUS_ADMIN_PORT ?? SAMPLE_PORTS.admin),
      clinic: Number(process.env.CLINIC_PORT ?? SAMPLE_PORTS.clinic),
      patients: Number(process.env.PATIENTS_PORT ?? SAMPLE_PORTS.patients),
      scheduling: Number(process.env.SCHEDULING_PORT ?? SAMPLE_PORTS.scheduling),
    };
    group.startNode('legacy-clinic', 'dist/apps/legacy-clinic/src/main.js', {
      ...env,
      CLINIC_PORT: String(ports.clinic),
    });
    await group.waitHealthy('legacy-clinic', `http://127.0.0.1:${ports.clinic}/health`);

    group.startNode('patients-service', 'dist/apps/patients-service/src/main.js', {
      PATIENTS_DATABASE_URL: await ensureDatabase(mysql.url, PATIENTS_DB),
      PATIENTS_PORT: String(ports.patients),
      PATIENTS_LEGACY_DATABASE_URL: clinicUrl,
      PATIENTS_SYNC_SERVER_ID: String(serverIds.patients.sync),
      PATIENTS_WRITEBACK_SERVER_ID: String(serverIds.patients.writeBack),
    });
    const schedulingDatabaseUrl = await ensureDatabase(mysql.url, SCHEDULING_DB);
    group.startNode('scheduling-service', 'dist/apps/scheduling-service/src/main.js', {
      SCHEDULING_DATABASE_URL: schedulingDatabaseUrl,
      SCHEDULING_PORT: String(ports.scheduling),
      SCHEDULING_LEGACY_DATABASE_URL: clinicUrl,
      SCHEDULING_SYNC_SERVER_ID: String(serverIds.scheduling.sync),
      SCHEDULING_WRITEBACK_SERVER_ID: String(serverIds.scheduling.writeBack),
    });
    // Both services copy the clinic at once. The patients service is ready once the initial
    // snapshot of PATIENT_MST is in: shadow comparisons are meaningful from the first request.
    const copying = Promise.all([
      group.waitHealthy(
        'patients-service',
        `http://127.0.0.1:${ports.patients}/sync/ready`,
        FIRST_COPY_MS,
      ),
      fillScheduling(
        group,
        `http://127.0.0.1:${ports.scheduling}`,
        schedulingDatabaseUrl,
        clinicUrl,
      ),
    ]);
    // Copying takes minutes on a first start: Ctrl-C, or a process that stops, ends it at once.
    copying.catch(() => undefined);
    const copied = await Promise.race([copying, finished]);
    if (typeof copied === 'number') return copied;
    const [, schedulingFill] = copied;

    group.startNode(
      'gateway',
      'dist/apps/gateway/src/main.js',
      {
        FICUS_CONFIG: process.env.FICUS_CONFIG ?? 'ficus.config.yaml',
        FICUS_GATEWAY_PORT: String(ports.gateway),
        FICUS_ADMIN_PORT: String(ports.admin),
        FICUS_ADMIN_TOKEN: token.token,
        CLINIC_URL: `http://127.0.0.1:${ports.clinic}`,
        PATIENTS_URL: `http://127.0.0.1:${ports.patients}`,
        SCHEDULING_URL: `http://127.0.0.1:${ports.scheduling}`,
      },
      // Heap, young generation and bytecode (GATEWAY_NODE_FLAGS; docs/gateway.md, "Memory").
      GATEWAY_NODE_FLAGS,
    );
    await group.waitHealthy('gateway', `http://127.0.0.1:${ports.admin}/ready`);
    console.log(banner(ports, mysql.url, token, schedulingFill));
    return await finished;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await group.stopAll();
    await mysql?.stop();
  }
}
