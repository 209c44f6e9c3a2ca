import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CdcConnector } from '@ficus/cdc';
import type { Logger } from '@ficus/core';
import { LOGGER } from '@ficus/service-kit';
import { ApplyLegacyPatientChange } from '../../application/apply-legacy-patient-change';
import { ExportPatientToLegacy } from '../../application/export-patient-to-legacy';
import { inboundChangeHandler } from './inbound-change-handler';
import { LegacyClinicDatabase } from './legacy-clinic-database';
import { LegacyPatientWriter } from './legacy-patient-writer';
import { PatientReconciliation } from './patient-reconciliation';
import {
  SYSTEM_OF_RECORD_PHASE,
  type SystemOfRecordPhase,
} from '../../domain/patient-system-of-record.port';
import type { SyncConnectorConfigs } from './sync-connector-configs';
import { SyncDeadLetters, type SyncDirection } from './sync-dead-letters';
import { SyncRunner, type SyncRunnerStatus } from './sync-runner';
import { writeBackChangeHandler } from './write-back-change-handler';

export const SYNC_CONNECTOR_CONFIGS = Symbol('SyncConnectorConfigs');

export type DirectionStatus = SyncRunnerStatus & {
  /** Row changes handled since the service started (applied, or found already applied). */
  changes: number;
  deadLetters: number;
};

export interface LegacySyncStatus {
  enabled: boolean;
  /** The service holds the clinic's patients (inbound snapshot done) and write-back is reading. */
  ready: boolean;
  inbound: DirectionStatus | null;
  writeBack: DirectionStatus | null;
}

/**
 * The two-way sync with the clinic, started and stopped with the service. Write-back starts
 * first and is waited for, so its starting position precedes the first request the service
 * answers; the inbound snapshot runs in the background and readiness reports when it is done.
 */
@Injectable()
export class LegacySync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: Record<SyncDirection, SyncRunner> | undefined;
  private readonly deadLetters: SyncDeadLetters;
  private readonly changes: Record<SyncDirection, number> = { inbound: 0, 'write-back': 0 };
  /** Comparing and repairing the two stores; undefined without a clinic (nothing to compare). */
  readonly reconciliation: PatientReconciliation | undefined;

  constructor(
    @Optional() @Inject(SYNC_CONNECTOR_CONFIGS) configs: SyncConnectorConfigs | null,
    @Optional() @Inject(LegacyClinicDatabase) clinic: LegacyClinicDatabase | null,
    apply: ApplyLegacyPatientChange,
    exporter: ExportPatientToLegacy,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    @Inject(SYSTEM_OF_RECORD_PHASE) phase: SystemOfRecordPhase,
  ) {
    this.deadLetters = new SyncDeadLetters(dataSource, logger);
    if (!configs || !clinic) return;
    const inbound = inboundChangeHandler(apply, clinic.database, () => this.changes.inbound++);
    const writer = new LegacyPatientWriter(clinic, phase);
    this.reconciliation = new PatientReconciliation(
      clinic,
      dataSource,
      apply,
      writer,
      () => this.status(),
      phase,
    );
    const writeBack = writeBackChangeHandler(
      exporter,
      writer,
      configs.writeBack.source.databases[0] ?? '',
      () => this.changes['write-back']++,
    );
    this.runners = {
      inbound: new SyncRunner({
        logger: logger.child({ sync: 'inbound' }),
        connect: () =>
          Promise.resolve(
            new CdcConnector({
              config: configs.inbound,
              handlers: [inbound],
              deadLetterHandler: this.deadLetters.handler('inbound'),
              logger: logger.child({ sync: 'inbound' }),
            }),
          ),
      }),
      'write-back': new SyncRunner({
        logger: logger.child({ sync: 'write-back' }),
        connect: async () => {
          await clinic.ensureMarkerTable();
          return new CdcConnector({
            config: configs.writeBack,
            handlers: [writeBack],
            deadLetterHandler: this.deadLetters.handler('write-back'),
            logger: logger.child({ sync: 'write-back' }),
          });
        },
      }),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runners) return;
    await this.runners['write-back'].start();
    void this.runners.inbound.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.runners) return;
    await Promise.all([this.runners.inbound.stop(), this.runners['write-back'].stop()]);
  }

  async status(): Promise<LegacySyncStatus> {
    if (!this.runners) return { enabled: false, ready: true, inbound: null, writeBack: null };
    const [inbound, writeBack] = await Promise.all([
      this.directionStatus('inbound', this.runners.inbound),
      this.directionStatus('write-back', this.runners['write-back']),
    ]);
    return {
      enabled: true,
      ready: inbound.snapshotCompleted && writeBack.snapshotCompleted,
      inbound,
      writeBack,
    };
  }

  private async directionStatus(
    direction: SyncDirection,
    runner: SyncRunner,
  ): Promise<DirectionStatus> {
    const [status, deadLetters] = await Promise.all([
      runner.status(),
      this.deadLetters.count(direction),
    ]);
    return { ...status, changes: this.changes[direction], deadLetters };
  }
}
