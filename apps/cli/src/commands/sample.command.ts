import { createConnection } from 'mysql2/promise';
import { createLogger } from '@ficus/core';
import { freePort, startMariaDb, type MariaDbInstance } from '@ficus/infra';
import { ProcessGroup, runToCompletion } from '../process-group';

export interface SampleOptions {
  patients: number;
  gatewayPort: number;
}

const log = createLogger('sample');
/** The sample's database; tests name their own so they never touch a developer's sample. */
export const CLINIC_DB = process.env.FICUS_SAMPLE_DATABASE ?? 'clinic';
export const CLINIC_SEED_SCRIPT = 'dist/apps/legacy-clinic/src/seed.main.js';

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

function banner(gatewayPort: number, clinicPort: number, mysqlUrl: string): string {
  const g = `http://127.0.0.1:${gatewayPort}`;
  return [
    '',
    'Ficus sample migration is running. Clients call the gateway; every route starts in legacy mode.',
    `  gateway        ${g}`,
    `  legacy clinic  http://127.0.0.1:${clinicPort} (behind the gateway)`,
    `  MariaDB        ${mysqlUrl}${CLINIC_DB} (binlog on)`,
    '',
    'Try:',
    `  curl -s ${g}/api/patients/1`,
    `  curl -s '${g}/api/patients?name=yewf&dob=2006-09-16'`,
    `  curl -s ${g}/api/invoices/1`,
    `  curl -s ${g}/api/patients/1/balance`,
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

    const clinicPort = Number(process.env.CLINIC_PORT ?? (await freePort()));
    group.startNode('legacy-clinic', 'dist/apps/legacy-clinic/src/main.js', {
      ...env,
      CLINIC_PORT: String(clinicPort),
    });
    await group.waitHealthy('legacy-clinic', `http://127.0.0.1:${clinicPort}/health`);

    group.startNode('gateway', 'dist/apps/gateway/src/main.js', {
      FICUS_CONFIG: process.env.FICUS_CONFIG ?? 'ficus.config.yaml',
      FICUS_GATEWAY_PORT: String(opts.gatewayPort),
      CLINIC_URL: `http://127.0.0.1:${clinicPort}`,
    });
    await group.waitHealthy('gateway', `http://127.0.0.1:${opts.gatewayPort}/health`);
    console.log(banner(opts.gatewayPort, clinicPort, mysql.url));
    return await finished;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await group.stopAll();
    await mysql?.stop();
  }
}
