import { Module, type DynamicModule } from '@nestjs/common';
import type { PatientsConfig } from '../../../../config/patients-config';
import { PatientsModule } from '../../patients.module';
import { LegacySync, SYNC_CONNECTOR_CONFIGS } from './legacy-sync.service';
import { ReconciliationHttpController } from './reconciliation.http.controller';
import { syncConnectorConfigs } from './sync-connector-configs';
import { SyncStatusHttpController } from './sync-status.http.controller';

/**
 * The two-way sync with the clinic and its status routes. Without PATIENTS_LEGACY_DATABASE_URL
 * nothing runs and /sync/status says so.
 */
@Module({})
export class LegacySyncModule {
  static forRoot(config: PatientsConfig): DynamicModule {
    const configs = config.legacySync
      ? syncConnectorConfigs(config.databaseUrl, config.legacySync)
      : null;
    return {
      module: LegacySyncModule,
      imports: [PatientsModule],
      controllers: [SyncStatusHttpController, ReconciliationHttpController],
      providers: [{ provide: SYNC_CONNECTOR_CONFIGS, useValue: configs }, LegacySync],
    };
  }
}
