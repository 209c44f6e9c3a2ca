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
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConfigError, createLogger, errorMessage } from '@ficus/core';
import {
  APPOINTMENT_TABLE,
  appointmentFromLegacyRow,
  PATIENT_TABLE,
  patientFromLegacyRow,
  PRACTITIONER_TABLE,
  practitionerFromLegacyRow,
} from '@ficus/legacy-adapter';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { createSchedulingApp } from './scheduling-app';
import { ApplyLegacySchedulingChange } from './modules/scheduling/application/apply-legacy-scheduling-change';
import {
  ImportLegacyClinic,
  type ImportCounts,
  type LegacyClinicRows,
} from './modules/scheduling/application/import-legacy-clinic';
import {
  LEGACY_SYNC_STORE,
  type LegacySyncStorePort,
} from './modules/scheduling/domain/legacy-sync.store.port';
import { patientReferenceOf } from './modules/scheduling/domain/patient-reference';
import { sortableSourcePosition } from './modules/scheduling/domain/source-position';
import { AppointmentOrmEntity } from './modules/scheduling/infrastructure/appointment.orm-entity';
import { PatientReferenceOrmEntity } from './modules/scheduling/infrastructure/patient-reference.orm-entity';
import { PractitionerOrmEntity } from './modules/scheduling/infrastructure/practitioner.orm-entity';
import {
  AppointmentMapper,
  PatientReferenceMapper,
  PractitionerMapper,
} from './modules/scheduling/scheduling.mapper';

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

/** Rows per transaction (per INSERT into emptied tables): a commit per row takes minutes for the sample's 40,000 rows. */
const ROWS_PER_TRANSACTION = 500;

/**
 * The clinic's rows through the same use cases the sync applies changes with, each chunk in one of
 * the store's sync transactions (so a write-back connector tells them from the service's own
 * writes, as it does the sync's). The three tables load side by side: they share no rows and no
 * index gaps, so their transactions never wait on each other, and the importer's order (what a
 * visit refers to first) matters only to a service already answering, which this one is not yet.
 */
async function importInChunks(
  store: LegacySyncStorePort,
  rows: LegacyClinicRows,
): Promise<ImportCounts> {
  const importTable = async (table: keyof LegacyClinicRows): Promise<ImportCounts[]> => {
    const counts: ImportCounts[] = [];
    for (let start = 0; start < rows[table].length; start += ROWS_PER_TRANSACTION) {
      const chunk = rows[table].slice(start, start + ROWS_PER_TRANSACTION);
      counts.push(
        await store.inSyncTransaction((tx) => {
          const apply = new ApplyLegacySchedulingChange({ inSyncTransaction: (work) => work(tx) });
          return new ImportLegacyClinic(apply).run({
            patients: [],
            practitioners: [],
            appointments: [],
            [table]: chunk,
          });
        }),
      );
    }
    return counts;
  };
  const perTable = await Promise.all(
    (['patients', 'practitioners', 'appointments'] as const).map(importTable),
  );
  const total: ImportCounts = { inserted: 0, updated: 0, deleted: 0, skipped: 0 };
  for (const counts of perTable.flat())
    for (const outcome of Object.keys(total) as Array<keyof ImportCounts>)
      total[outcome] += counts[outcome];
  return total;
}

/**
 * Into emptied tables every row is an insert (what the sync's decision says of a row the service
 * lacks), so the rows go in by the chunk, one INSERT each, translated by the same adapter and
 * mapper the sync uses, at the import's snapshot position. Row by row would take minutes.
 */
async function importIntoEmptyTables(
  dataSource: DataSource,
  rows: LegacyClinicRows,
): Promise<ImportCounts> {
  const position = (row: number) => sortableSourcePosition({ file: '', pos: 0, row });
  const patients = rows.patients.map((row, i) =>
    PatientReferenceMapper.toPersistence(
      patientReferenceOf(patientFromLegacyRow(row)),
      position(i),
    ),
  );
  const practitioners = rows.practitioners.map((row, i) =>
    PractitionerMapper.toPersistence(practitionerFromLegacyRow(row), position(i)),
  );
  const appointments = rows.appointments.map((row, i) =>
    AppointmentMapper.toPersistence(appointmentFromLegacyRow(row), position(i)),
  );
  await dataSource.transaction(async (manager) => {
    const insert = async <E extends ObjectLiteral>(entity: EntityTarget<E>, records: E[]) => {
      for (let start = 0; start < records.length; start += ROWS_PER_TRANSACTION)
        await manager.insert(entity, records.slice(start, start + ROWS_PER_TRANSACTION));
    };
    for (const table of SERVICE_TABLES) await manager.query(`DELETE FROM \`${table}\``);
    await insert(PatientReferenceOrmEntity, patients);
    await insert(PractitionerOrmEntity, practitioners);
    await insert(AppointmentOrmEntity, appointments);
  });
  const inserted = patients.length + practitioners.length + appointments.length;
  return { inserted, updated: 0, deleted: 0, skipped: 0 };
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
    const counts = replace
      ? await importIntoEmptyTables(app.get<DataSource>(getDataSourceToken()), rows)
      : await importInChunks(app.get<LegacySyncStorePort>(LEGACY_SYNC_STORE), rows);
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
