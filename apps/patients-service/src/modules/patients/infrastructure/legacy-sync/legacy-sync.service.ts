import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from '@ficus/core';
import {
  LegacyDatabase,
  SYNC_DISABLED,
  TwoWaySync,
  type LegacySyncStatus,
  type SyncConnectorConfigs,
  type SyncStatusSource,
} from '@ficus/sync';
import { LOGGER } from '@ficus/service-kit';
import { ApplyLegacyPatientChange } from '../../application/apply-legacy-patient-change';
import { ExportPatientToLegacy } from '../../application/export-patient-to-legacy';
import {
  SYSTEM_OF_RECORD_PHASE,
  type SystemOfRecordPhase,
} from '../../domain/patient-system-of-record.port';
import { inboundChangeHandler } from './inbound-change-handler';
import { LegacyPatientWriter } from './legacy-patient-writer';
import { PatientReconciliation } from './patient-reconciliation';
import { writeBackChangeHandler } from './write-back-change-handler';

export const SYNC_CONNECTOR_CONFIGS = Symbol('SyncConnectorConfigs');

/**
 * The patients service's two-way sync with the clinic (the shared library's TwoWaySync), started
 * and stopped with the service, and reconciliation of the two stores.
 */
@Injectable()
export class LegacySync implements SyncStatusSource, OnApplicationBootstrap, OnModuleDestroy {
  private readonly sync: TwoWaySync | undefined;
  /** Comparing and repairing the two stores; undefined without a clinic (nothing to compare). */
  readonly reconciliation: PatientReconciliation | undefined;

  constructor(
    @Optional() @Inject(SYNC_CONNECTOR_CONFIGS) configs: SyncConnectorConfigs | null,
    @Optional() @Inject(LegacyDatabase) clinic: LegacyDatabase | null,
    apply: ApplyLegacyPatientChange,
    exporter: ExportPatientToLegacy,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    @Inject(SYSTEM_OF_RECORD_PHASE) phase: SystemOfRecordPhase,
  ) {
    if (!configs || !clinic) return;
    const writer = new LegacyPatientWriter(clinic, phase);
    this.reconciliation = new PatientReconciliation(
      clinic,
      dataSource,
      apply,
      writer,
      () => this.status(),
      phase,
    );
    this.sync = new TwoWaySync({
      configs,
      legacy: clinic,
      serviceDatabase: dataSource,
      logger,
      inbound: inboundChangeHandler(apply),
      writeBack: writeBackChangeHandler(exporter, writer),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sync?.stop();
  }

  status(): Promise<LegacySyncStatus> {
    return this.sync?.status() ?? Promise.resolve(SYNC_DISABLED);
  }
}
