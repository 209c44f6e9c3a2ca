import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Logger } from '@ficus/core';
import { LOGGER } from '@ficus/service-kit';
import type { LegacySyncConfig } from '../../../../config/scheduling-config';
import {
  SCHEDULING_PHASE,
  type SchedulingPhase,
} from '../../domain/appointment-system-of-record.port';
import { LegacyClinicDatabase } from './legacy-clinic-database';

/**
 * Global: the clinic's database when one is configured, and the phase. Global because the
 * scheduling module's write use cases need them, as will the sync built around that module.
 */
@Module({})
export class LegacyClinicModule {
  static forRoot(sync: LegacySyncConfig | undefined): DynamicModule {
    const phase: SchedulingPhase = sync?.systemOfRecord ?? 'service';
    const providers: Provider[] = [{ provide: SCHEDULING_PHASE, useValue: phase }];
    if (sync) {
      providers.push({
        provide: LegacyClinicDatabase,
        inject: [LOGGER],
        useFactory: (log: Logger) => new LegacyClinicDatabase(sync.legacyDatabaseUrl, log),
      });
    }
    const tokens = sync ? [LegacyClinicDatabase, SCHEDULING_PHASE] : [SCHEDULING_PHASE];
    return { module: LegacyClinicModule, global: true, providers, exports: tokens };
  }
}
