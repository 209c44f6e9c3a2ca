import { Module, type DynamicModule } from '@nestjs/common';
import { SyncStatusHttpController, SyncStatusSource, syncConnectorConfigs } from '@ficus/sync';
import { PATIENT_TABLE } from '@ficus/legacy-adapter';
import type { PatientsConfig } from '../../../../config/patients-config';
import { PatientsModule } from '../../patients.module';
import { LegacySync, SYNC_CONNECTOR_CONFIGS } from './legacy-sync.service';
import { ReconciliationHttpController } from './reconciliation.http.controller';
import { SERVICE_PATIENT_TABLE } from './write-back-change-handler';

/**
 * The two-way sync with the clinic and its status routes. Without PATIENTS_LEGACY_DATABASE_URL
 * nothing runs and /sync/status says so.
 */
@Module({})
export class LegacySyncModule {
  static forRoot(config: PatientsConfig): DynamicModule {
    const sync = config.legacySync;
    const configs = sync
      ? syncConnectorConfigs({
          service: 'patients',
          serviceDatabaseUrl: config.databaseUrl,
          legacyDatabaseUrl: sync.legacyDatabaseUrl,
          inboundServerId: sync.inboundServerId,
          writeBackServerId: sync.writeBackServerId,
          legacyTables: [PATIENT_TABLE],
          serviceTables: [SERVICE_PATIENT_TABLE],
          variables: {
            serviceDatabaseUrl: 'PATIENTS_DATABASE_URL',
            legacyDatabaseUrl: 'PATIENTS_LEGACY_DATABASE_URL',
            inboundServerId: 'PATIENTS_SYNC_SERVER_ID',
            writeBackServerId: 'PATIENTS_WRITEBACK_SERVER_ID',
          },
        })
      : null;
    return {
      module: LegacySyncModule,
      imports: [PatientsModule],
      controllers: [SyncStatusHttpController, ReconciliationHttpController],
      providers: [
        { provide: SYNC_CONNECTOR_CONFIGS, useValue: configs },
        LegacySync,
        { provide: SyncStatusSource, useExisting: LegacySync },
      ],
    };
  }
}
