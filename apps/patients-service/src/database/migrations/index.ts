import { CreatePatients1751360000000 } from './1751360000000-create-patients';
import { CreateLegacySyncTables1751400000000 } from './1751400000000-create-legacy-sync-tables';

/** Every migration, oldest first; TypeORM records which ran in `typeorm_migrations`. */
export const PATIENTS_MIGRATIONS = [
  CreatePatients1751360000000,
  CreateLegacySyncTables1751400000000,
];
