import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APPOINTMENT_TABLE, PATIENT_TABLE, PRACTITIONER_TABLE } from '@ficus/legacy-adapter';
import { SyncStatusHttpController, SyncStatusSource, syncConnectorConfigs } from '@ficus/sync';
import type { SchedulingConfig } from '../../../../config/scheduling-config';
import { SchedulingModule } from '../../scheduling.module';
import { SCHEDULING_SYNC_NAME } from '../legacy-clinic/legacy-clinic.module';
import {
  LegacySchedulingSync,
  SCHEDULING_SYNC_CONNECTOR_CONFIGS,
  SCHEDULING_SYNC_PHASE,
  SERVICE_APPOINTMENT_TABLE,
} from './legacy-scheduling-sync.service';

/**
 * The two-way sync with the clinic and its status routes (`GET /sync/status`, `GET /sync/ready`).
 * Without SCHEDULING_LEGACY_DATABASE_URL nothing runs and /sync/status says so.
 */
@Module({})
export class LegacySyncModule {
  static forRoot(config: SchedulingConfig): DynamicModule {
    const sync = config.legacySync;
    const providers: Provider[] = [
      { provide: SCHEDULING_SYNC_PHASE, useValue: sync?.systemOfRecord ?? 'service' },
      LegacySchedulingSync,
      { provide: SyncStatusSource, useExisting: LegacySchedulingSync },
    ];
    if (sync) {
      // The clinic's LegacyDatabase comes from LegacyClinicModule: one pool with the write-through.
      providers.push({
        provide: SCHEDULING_SYNC_CONNECTOR_CONFIGS,
        useValue: syncConnectorConfigs({
          service: SCHEDULING_SYNC_NAME,
          serviceDatabaseUrl: config.databaseUrl,
          legacyDatabaseUrl: sync.legacyDatabaseUrl,
          inboundServerId: sync.inboundServerId,
          writeBackServerId: sync.writeBackServerId,
          // The snapshot reads them in name order; applying a visit needs nothing before it.
          legacyTables: [PATIENT_TABLE, PRACTITIONER_TABLE, APPOINTMENT_TABLE],
          serviceTables: [SERVICE_APPOINTMENT_TABLE],
          variables: {
            serviceDatabaseUrl: 'SCHEDULING_DATABASE_URL',
            legacyDatabaseUrl: 'SCHEDULING_LEGACY_DATABASE_URL',
            inboundServerId: 'SCHEDULING_SYNC_SERVER_ID',
            writeBackServerId: 'SCHEDULING_WRITEBACK_SERVER_ID',
          },
        }),
      });
    }
    return {
      module: LegacySyncModule,
      imports: [SchedulingModule],
      controllers: [SyncStatusHttpController],
      providers,
    };
  }
}
