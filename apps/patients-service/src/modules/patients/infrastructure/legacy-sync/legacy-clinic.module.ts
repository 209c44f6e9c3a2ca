import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { LegacySyncConfig, SystemOfRecord } from '../../../../config/patients-config';
import { SYSTEM_OF_RECORD_PHASE } from '../../domain/patient-system-of-record.port';
import { LegacyDatabase, legacyMarkerTable } from '@ficus/sync';

/**
 * Global: the clinic's database when one is configured, and the phase. Global because the
 * patients module's write use cases need them while the sync module needs the patients module.
 */
@Module({})
export class LegacyClinicModule {
  static forRoot(sync: LegacySyncConfig | undefined): DynamicModule {
    const phase: SystemOfRecord = sync?.systemOfRecord ?? 'service';
    const providers: Provider[] = [{ provide: SYSTEM_OF_RECORD_PHASE, useValue: phase }];
    if (sync) {
      providers.push({
        provide: LegacyDatabase,
        useFactory: () => new LegacyDatabase(sync.legacyDatabaseUrl, legacyMarkerTable('patients')),
      });
    }
    const tokens = sync ? [LegacyDatabase, SYSTEM_OF_RECORD_PHASE] : [SYSTEM_OF_RECORD_PHASE];
    return { module: LegacyClinicModule, global: true, providers, exports: tokens };
  }
}
