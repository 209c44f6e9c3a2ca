/**
 * Fills the service's database from the clinic's rows, for a service that runs without the sync:
 *   SCHEDULING_DATABASE_URL=mysql://root@127.0.0.1:3407/scheduling \
 *     node dist/apps/scheduling-service/src/import-legacy.main.js --from mysql://root@127.0.0.1:3407/clinic [--replace]
 * `--replace` first empties the service's scheduling tables: without the sync nothing else would
 * remove a row the clinic deleted since the last import, nor bring in one it changed (an import
 * never overwrites a row another import wrote at the same snapshot position).
 */
import { parseArgs } from 'node:util';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigError, createLogger, errorMessage } from '@ficus/core';
import { APPOINTMENT_TABLE, PATIENT_TABLE, PRACTITIONER_TABLE } from '@ficus/legacy-adapter';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { createSchedulingApp } from './scheduling-app';
import {
  ImportLegacyClinic,
  type LegacyClinicRows,
} from './modules/scheduling/application/import-legacy-clinic';

const logger = createLogger('scheduling-import');

/** The service's tables the import fills; nothing else in the database holds clinic data. */
const SERVICE_TABLES = ['appointments', 'practitioners', 'patient_references'] as const;

function clinicUrlOf(argv: string[]): { from: string; replace: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, replace: { type: 'boolean', default: false } },
  });
  if (!values.from || !/^mysql:\/\/.+\/[^/?]+/.test(values.from))
    throw new ConfigError(
      'FICUS_SCHEDULING_BAD_ARG',
      '--from must be a mysql:// URL that names the clinic database, e.g. --from mysql://root@127.0.0.1:3407/clinic',
    );
  return { from: values.from, replace: values.replace };
}

/** As `SELECT *` returns them, dates as the clinic's text (the adapter reads CHAR(8) and CHAR(14)). */
async function readClinic(url: string): Promise<LegacyClinicRows> {
  const conn = await createConnection({ uri: url, dateStrings: true });
  try {
    const select = async (table: string, key: string) =>
      (await conn.query<RowDataPacket[]>(`SELECT * FROM \`${table}\` ORDER BY \`${key}\``))[0];
    return {
      patients: await select(PATIENT_TABLE, 'PAT_ID'),
      practitioners: await select(PRACTITIONER_TABLE, 'PRAC_ID'),
      appointments: await select(APPOINTMENT_TABLE, 'APPT_ID'),
    };
  } finally {
    await conn.end();
  }
}

async function main(): Promise<void> {
  const { from, replace } = clinicUrlOf(process.argv.slice(2));
  // Only the database: whatever else the environment configures (a sync, a port) is not this command's.
  const { databaseUrl } = readSchedulingConfig({
    SCHEDULING_DATABASE_URL: process.env.SCHEDULING_DATABASE_URL,
  });
  const app = await createSchedulingApp({ databaseUrl, port: 0, host: '127.0.0.1' }, logger).catch(
    (err: unknown) => {
      throw explainStartError(err, databaseUrl);
    },
  );
  try {
    const rows = await readClinic(from);
    if (replace) {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      for (const table of SERVICE_TABLES) await dataSource.query(`DELETE FROM \`${table}\``);
    }
    const counts = await app.get(ImportLegacyClinic).run(rows);
    logger.info(
      {
        ...counts,
        patients: rows.patients.length,
        practitioners: rows.practitioners.length,
        appointments: rows.appointments.length,
      },
      'clinic imported',
    );
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'import failed');
  process.exit(1);
});
