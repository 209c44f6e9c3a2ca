import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Logger } from '@ficus/core';
import { LOGGER } from '@ficus/service-kit';
import { LegacyDatabase, legacyMarkerTable } from '@ficus/sync';
import type { LegacySyncConfig } from '../../../../config/scheduling-config';
import {
  SCHEDULING_PHASE,
  type SchedulingPhase,
} from '../../domain/appointment-system-of-record.port';
import { LegacyClinicDatabase } from './legacy-clinic-database';

/** The name the scheduling service's sync goes by in the clinic (its marker table, connectors). */
export const SCHEDULING_SYNC_NAME = 'scheduling';

/**
 * Requests writing through (at most the HTTP concurrency the clinic's locks let through) and the
 * sync's two directions share one pool to the clinic.
 */
const CLINIC_CONNECTIONS = 12;

/**
 * Global: the clinic's database when one is configured (one pool, for the write-through and the
 * sync), and the phase. Global because the scheduling module's write use cases need them, as does
 * the sync built around that module.
 */
@Module({})
export class LegacyClinicModule {
  static forRoot(sync: LegacySyncConfig | undefined): DynamicModule {
    const phase: SchedulingPhase = sync?.systemOfRecord ?? 'service';
    const providers: Provider[] = [{ provide: SCHEDULING_PHASE, useValue: phase }];
    if (sync) {
      providers.push(
        {
          provide: LegacyDatabase,
          useFactory: () =>
            new LegacyDatabase(
              sync.legacyDatabaseUrl,
              legacyMarkerTable(SCHEDULING_SYNC_NAME),
              CLINIC_CONNECTIONS,
            ),
        },
        {
          provide: LegacyClinicDatabase,
          inject: [LegacyDatabase, LOGGER],
          useFactory: (clinic: LegacyDatabase, log: Logger) =>
            new LegacyClinicDatabase(clinic, log),
        },
      );
    }
    const tokens = sync
      ? [LegacyDatabase, LegacyClinicDatabase, SCHEDULING_PHASE]
      : [SCHEDULING_PHASE];
    return { module: LegacyClinicModule, global: true, providers, exports: tokens };
  }
}
