/**
 * The service's schema migrations as a command:
 *   SCHEDULING_DATABASE_URL=... node dist/apps/scheduling-service/src/migrate.main.js [run|revert|show]
 * `run` applies pending migrations (the service also does on start), `revert` undoes the last
 * one, `show` exits 1 when some are pending (a deploy check).
 */
import { runMigrationCommand } from '@ficus/service-kit';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { schedulingDataSourceOptions } from './database/data-source-options';

runMigrationCommand({
  logName: 'scheduling-migrate',
  badArgumentCode: 'FICUS_SCHEDULING_BAD_ARG',
  databaseUrl: () => readSchedulingConfig().databaseUrl,
  dataSourceOptions: schedulingDataSourceOptions,
  explainStartError,
});
