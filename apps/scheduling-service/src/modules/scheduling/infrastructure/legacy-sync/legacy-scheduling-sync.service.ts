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
  APPOINTMENT_KEY_COLUMN,
  APPOINTMENT_TABLE,
  APPOINTMENT_UPDATED_COLUMN,
} from '@ficus/legacy-adapter';
import {
  LegacyDatabase,
  LegacyRowWriter,
  SYNC_DISABLED,
  TwoWaySync,
  type LegacySyncStatus,
  type SyncChangeApplier,
  type SyncConnectorConfigs,
  type SyncStatusSource,
  type SystemOfRecordPhase,
} from '@ficus/sync';
import { LOGGER } from '@ficus/service-kit';
import { ApplyLegacySchedulingChange } from '../../application/apply-legacy-scheduling-change';
import { ExportAppointmentToLegacy } from '../../application/export-appointment-to-legacy';

export const SCHEDULING_SYNC_CONNECTOR_CONFIGS = Symbol('SchedulingSyncConnectorConfigs');
export const SCHEDULING_SYNC_PHASE = Symbol('SchedulingSyncPhase');

/** The service's table the write-back connector captures: practitioners are read-only here. */
export const SERVICE_APPOINTMENT_TABLE = 'appointments';

/**
 * The scheduling service's two-way sync with the clinic, on the shared sync library, started and
 * stopped with the service.
 *
 * Inbound: every PRAC_MST, APPT_TRN and PATIENT_MST change (and, on the first start, the initial
 * snapshot of the three, which fills a new database) goes through ApplyLegacySchedulingChange,
 * which is idempotent and marks its transactions; a row the adapter refuses is dead-lettered.
 *
 * Write-back: each change of a service visit is written to APPT_TRN as the visit stands now (read
 * after the change's commit), ordered by APPT_UPD_DT: never over a newer clinic stamp, and at the
 * same stamp left alone while the clinic is the system of record (a write-through already wrote
 * it). Deletes are not written back: the service deletes only what the clinic deleted, and those
 * writes are marked.
 */
@Injectable()
export class LegacySchedulingSync
  implements SyncStatusSource, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly sync: TwoWaySync | undefined;

  constructor(
    @Optional() @Inject(SCHEDULING_SYNC_CONNECTOR_CONFIGS) configs: SyncConnectorConfigs | null,
    @Optional() @Inject(LegacyDatabase) clinic: LegacyDatabase | null,
    @Inject(SCHEDULING_SYNC_PHASE) phase: SystemOfRecordPhase,
    apply: ApplyLegacySchedulingChange,
    exporter: ExportAppointmentToLegacy,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
  ) {
    if (!configs || !clinic) return;
    const writer = new LegacyRowWriter(
      clinic,
      {
        table: APPOINTMENT_TABLE,
        keyColumn: APPOINTMENT_KEY_COLUMN,
        versionColumn: APPOINTMENT_UPDATED_COLUMN,
      },
      phase,
    );
    const inbound: SyncChangeApplier = async (change) => {
      await apply.run(change);
      return 'applied';
    };
    const writeBack: SyncChangeApplier = async (change) => {
      if (change.op === 'd') return 'ignored';
      const row = await exporter.afterChange(Number(change.after?.id));
      if (row) await writer.write(row);
      return 'applied';
    };
    this.sync = new TwoWaySync({
      configs,
      legacy: clinic,
      serviceDatabase: dataSource,
      logger,
      inbound,
      writeBack,
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
