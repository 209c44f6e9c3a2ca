import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { LegacySyncConfig } from '../../../../config/patients-config';
import { PATIENT_ID_AUTHORITY } from '../../domain/patient-id-authority.port';
import { LegacyClinicDatabase } from './legacy-clinic-database';
import { LegacyPatientIdAuthority, serviceIdAuthority } from './legacy-patient-id-authority';

/**
 * Global: the clinic's database when one is configured, and who numbers new patients (the clinic
 * while it is configured, the service after cutover). Global because the patients module's
 * create use case needs the id authority while the sync module needs the patients module.
 */
@Module({})
export class LegacyClinicModule {
  static forRoot(sync: LegacySyncConfig | undefined): DynamicModule {
    const providers: Provider[] = sync
      ? [
          {
            provide: LegacyClinicDatabase,
            useFactory: () => new LegacyClinicDatabase(sync.legacyDatabaseUrl),
          },
          {
            provide: PATIENT_ID_AUTHORITY,
            useFactory: (clinic: LegacyClinicDatabase) => new LegacyPatientIdAuthority(clinic),
            inject: [LegacyClinicDatabase],
          },
        ]
      : [{ provide: PATIENT_ID_AUTHORITY, useValue: serviceIdAuthority }];
    const tokens = sync ? [LegacyClinicDatabase, PATIENT_ID_AUTHORITY] : [PATIENT_ID_AUTHORITY];
    return { module: LegacyClinicModule, global: true, providers, exports: tokens };
  }
}
