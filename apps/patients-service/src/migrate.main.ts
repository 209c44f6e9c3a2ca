/**
 * The service's schema migrations as a command:
 *   PATIENTS_DATABASE_URL=... node dist/apps/patients-service/src/migrate.main.js [run|revert|show]
 * `run` applies pending migrations (the service also does on start), `revert` undoes the last
 * one, `show` exits 1 when some are pending (a deploy check).
 */
import { runMigrationCommand } from '@ficus/service-kit';
import { explainStartError, readPatientsConfig } from './config/patients-config';
import { patientsDataSourceOptions } from './database/data-source-options';

runMigrationCommand({
  logName: 'patients-migrate',
  badArgumentCode: 'FICUS_PATIENTS_BAD_ARG',
  databaseUrl: () => readPatientsConfig().databaseUrl,
  dataSourceOptions: patientsDataSourceOptions,
  explainStartError,
});
