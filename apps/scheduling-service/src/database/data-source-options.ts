import type { DataSourceOptions } from 'typeorm';
import { AppointmentOrmEntity } from '../modules/scheduling/infrastructure/appointment.orm-entity';
import { PatientReferenceOrmEntity } from '../modules/scheduling/infrastructure/patient-reference.orm-entity';
import { PractitionerOrmEntity } from '../modules/scheduling/infrastructure/practitioner.orm-entity';
import { SCHEDULING_MIGRATIONS } from './migrations/index';

/**
 * The one description of the service's database, shared by the app and the migration command.
 * The schema comes from migrations only, never from `synchronize`. DATETIME values are read and
 * written in UTC (`timezone: 'Z'`); DATE stays text, so a visit's day is never shifted by a zone.
 */
export function schedulingDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'mariadb',
    url: databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    entities: [PractitionerOrmEntity, AppointmentOrmEntity, PatientReferenceOrmEntity],
    migrations: SCHEDULING_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  };
}
