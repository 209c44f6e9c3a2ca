import type { DataSourceOptions } from 'typeorm';
import { PatientOrmEntity } from '../modules/patients/infrastructure/patient.orm-entity';
import { PATIENTS_MIGRATIONS } from './migrations/index';

/**
 * The one description of the service's database, shared by the app and the migration command.
 * The schema comes from migrations only, never from `synchronize`. DATETIME values are read and
 * written in UTC (`timezone: 'Z'`) whatever the host's zone; DATE stays text, so a birth date is
 * never shifted by a zone.
 */
export function patientsDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'mariadb',
    url: databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    entities: [PatientOrmEntity],
    migrations: PATIENTS_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  };
}
