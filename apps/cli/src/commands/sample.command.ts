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
const PATIENTS_DB = `${CLINIC_DB}_patients`;

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
export const SAMPLE_PORTS = { admin: 8081, clinic: 3100, patients: 8082 } as const;

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
    for (const db of [CLINIC_DB, PATIENTS_DB])
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  } finally {
    await conn.end();
  }
  rmSync(sampleTokenFile(), { force: true });
  log.info({ databases: [CLINIC_DB, PATIENTS_DB] }, 'sample state dropped (--fresh)');
}

interface SamplePorts {
  gateway: number;
  admin: number;
  clinic: number;
  patients: number;
}

function banner(
  ports: SamplePorts,
  mysqlUrl: string,
  token: { token: string; from: string },
): string {
  const g = `http://127.0.0.1:${ports.gateway}`;
  const a = `http://127.0.0.1:${ports.admin}`;
  return [
    '',
    'Ficus sample migration is running. Clients call the gateway, which keeps their URLs: patient',
    'reads are answered by the clinic and shadowed to the patients service, which CDC keeps in step.',
    `  gateway           ${g}`,
    `  admin, dashboard  ${a}/admin/dashboard   (metrics: ${a}/metrics)`,
    `  legacy clinic     http://127.0.0.1:${ports.clinic}   database ${mysqlUrl}${CLINIC_DB}`,
    `  patients service  http://127.0.0.1:${ports.patients}   database ${mysqlUrl}${PATIENTS_DB} (two-way sync with the clinic)`,
    `  admin token       ${token.token}   (from ${token.from}; the ficus command reads it there too)`,
    '',
    'Try:',
    `  curl -s ${g}/api/patients/1`,
    `  curl -s '${g}/api/patients?name=yewf&dob=2006-09-16'`,
    `  curl -s ${g}/api/invoices/1`,
    `  curl -s ${g}/api/patients/1/balance`,
    `  curl -s -H "authorization: Bearer ${token.token}" ${a}/admin/routes/patients-read/parity`,
    '                    # shadow comparisons: paths and counts, never values',
    `  curl -s http://127.0.0.1:${ports.patients}/fhir/Patient/1   # the same patient, as a FHIR R4 resource`,
    `  node dist/apps/cli/src/main.js status${ports.admin === SAMPLE_PORTS.admin ? '' : ` --admin-url ${a}`}   # modes, parity, gates`,
    '',
    'Reset the sample (databases and token) with: node dist/apps/cli/src/main.js sample --fresh',
    'Ctrl-C stops everything this command started.',
    '',
  ].join('\n');
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
    });
    // Ready once the initial snapshot of PATIENT_MST is in: shadow comparisons are meaningful from the first request.
    await group.waitHealthy(
      'patients-service',
      `http://127.0.0.1:${ports.patients}/sync/ready`,
      120_000,
    );

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
      },
      // Heap, young generation and bytecode (GATEWAY_NODE_FLAGS; docs/gateway.md, "Memory").
      GATEWAY_NODE_FLAGS,
    );
    await group.waitHealthy('gateway', `http://127.0.0.1:${ports.admin}/ready`);
    console.log(banner(ports, mysql.url, token));
    return await finished;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await group.stopAll();
    await mysql?.stop();
  }
}
