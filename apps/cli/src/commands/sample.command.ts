import { createConnection } from 'mysql2/promise';
import { createLogger } from '@ficus/core';
import { freePort, GATEWAY_NODE_FLAGS, startMariaDb, type MariaDbInstance } from '@ficus/infra';
import { ProcessGroup, runToCompletion } from '../process-group';

export interface SampleOptions {
  patients: number;
  gatewayPort: number;
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

interface SamplePorts {
  gateway: number;
  admin: number;
  clinic: number;
  patients: number;
}

function banner(ports: SamplePorts, mysqlUrl: string): string {
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
    '',
    'Try:',
    `  curl -s ${g}/api/patients/1`,
    `  curl -s '${g}/api/patients?name=yewf&dob=2006-09-16'`,
    `  curl -s ${g}/api/invoices/1`,
    `  curl -s ${g}/api/patients/1/balance`,
    `  curl -s ${a}/admin/routes/patients-read/parity     # shadow comparisons: paths and counts, never values`,
    `  curl -s http://127.0.0.1:${ports.patients}/fhir/Patient/1   # the same patient, as a FHIR R4 resource`,
    '',
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
      admin: Number(process.env.FICUS_ADMIN_PORT ?? 8081),
      clinic: Number(process.env.CLINIC_PORT ?? (await freePort())),
      patients: Number(process.env.PATIENTS_PORT ?? (await freePort())),
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
        CLINIC_URL: `http://127.0.0.1:${ports.clinic}`,
        PATIENTS_URL: `http://127.0.0.1:${ports.patients}`,
      },
      // Heap, young generation and bytecode (GATEWAY_NODE_FLAGS; docs/gateway.md, "Memory").
      GATEWAY_NODE_FLAGS,
    );
    await group.waitHealthy('gateway', `http://127.0.0.1:${ports.admin}/ready`);
    console.log(banner(ports, mysql.url));
    return await finished;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await group.stopAll();
    await mysql?.stop();
  }
}
