import { CreateScheduling1752000000000 } from './1752000000000-create-scheduling';
import { CreateLegacySyncTables1752100000000 } from './1752100000000-create-legacy-sync-tables';

/** Every migration, oldest first; TypeORM records which ran in `typeorm_migrations`. */
export const SCHEDULING_MIGRATIONS = [
  CreateScheduling1752000000000,
  CreateLegacySyncTables1752100000000,
];
