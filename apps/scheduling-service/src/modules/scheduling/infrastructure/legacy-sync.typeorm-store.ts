import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { markSyncTransaction } from '@ficus/sync';
import type {
  LegacySyncStorePort,
  SyncedKind,
  SyncedRecords,
  SyncTransaction,
} from '../domain/legacy-sync.store.port';
import type { Synced } from '../domain/sync-decision';
import {
  AppointmentMapper,
  PatientReferenceMapper,
  PractitionerMapper,
} from '../scheduling.mapper';
import { AppointmentOrmEntity } from './appointment.orm-entity';
import { PatientReferenceOrmEntity } from './patient-reference.orm-entity';
import { PractitionerOrmEntity } from './practitioner.orm-entity';

interface Table<K extends SyncedKind> {
  entity: new () => { id: number; sourcePosition: string | null };
  toDomain(row: never): SyncedRecords[K];
  toPersistence(record: SyncedRecords[K], sourcePosition: string | null): object;
}

const TABLES: { [K in SyncedKind]: Table<K> } = {
  practitioner: { entity: PractitionerOrmEntity, ...PractitionerMapper },
  appointment: { entity: AppointmentOrmEntity, ...AppointmentMapper },
  patient: { entity: PatientReferenceOrmEntity, ...PatientReferenceMapper },
};

/**
 * Legacy changes applied to the service's tables, each in a transaction holding the row lock and
 * marked first as the sync's, so the write-back connector never copies it back to the clinic.
 */
@Injectable()
export class LegacySyncTypeormStore implements LegacySyncStorePort {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inSyncTransaction<T>(work: (tx: SyncTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await markSyncTransaction((sql, params) => manager.query(sql, params), 'legacy-inbound');
      return work(syncTransaction(manager));
    });
  }
}

function syncTransaction(manager: EntityManager): SyncTransaction {
  return {
    async lock<K extends SyncedKind>(
      kind: K,
      id: number,
    ): Promise<Synced<SyncedRecords[K]> | undefined> {
      const table = TABLES[kind] as Table<K>;
      const row = await manager
        .getRepository(table.entity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id })
        .getOne();
      if (!row) return undefined;
      return { record: table.toDomain(row as never), sourcePosition: row.sourcePosition };
    },
    async upsert<K extends SyncedKind>(kind: K, record: SyncedRecords[K], sourcePosition: string) {
      const table = TABLES[kind] as Table<K>;
      await manager
        .getRepository(table.entity)
        .upsert(table.toPersistence(record, sourcePosition), ['id']);
    },
    async delete(kind: SyncedKind, id: number) {
      await manager.getRepository(TABLES[kind].entity).delete({ id });
    },
  };
}
