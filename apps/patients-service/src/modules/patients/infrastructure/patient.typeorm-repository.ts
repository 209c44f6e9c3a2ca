import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  IsNull,
  type DataSource,
  type EntityManager,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { committedUnlessDryRun } from '@ficus/core';
import type { Patient } from '@ficus/legacy-adapter';
import { PatientMapper } from '../patient.mapper';
import type {
  PatientQuery,
  PatientRepositoryPort,
  PatientSyncStore,
  PatientWriteStore,
  SyncedPatient,
} from '../domain/patient.repository.port';
import type { WriteOptions } from '../domain/patient-system-of-record.port';
import { markSyncTransaction } from '@ficus/sync';
import { PatientOrmEntity } from './patient.orm-entity';

/** LIKE treats % and _ as wildcards; a prefix containing them is matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Injectable()
export class PatientTypeormRepository implements PatientRepositoryPort {
  constructor(
    @InjectRepository(PatientOrmEntity) private readonly rows: Repository<PatientOrmEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async findById(id: number): Promise<Patient | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? PatientMapper.toDomain(row) : undefined;
  }

  /**
   * A shared-lock read in a transaction of its own. A writer keeps its row lock until its commit
   * is visible, so the read waits for it and then returns the newest committed row; a plain read
   * would not wait, and could read the row as it was before a commit already in the binlog.
   */
  findByIdAfterPendingWrites(id: number): Promise<Patient | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(PatientOrmEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_read')
        .where('p.id = :id', { id })
        .getOne();
      return row ? PatientMapper.toDomain(row) : undefined;
    });
  }

  async search(query: PatientQuery): Promise<Patient[]> {
    const rows = await this.matching(query)
      .orderBy('p.familyName', 'ASC')
      .addOrderBy('p.givenName', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getMany();
    return rows.map((row) => PatientMapper.toDomain(row));
  }

  count(query: PatientQuery): Promise<number> {
    return this.matching(query).getCount();
  }

  async nextId(): Promise<number> {
    const rows: Array<{ next: number | string | null }> = await this.dataSource.query(
      `SELECT AUTO_INCREMENT AS next FROM INFORMATION_SCHEMA.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
      [this.rows.metadata.tableName],
    );
    return Number(rows[0]?.next ?? 1);
  }

  /** Not marked: write-back sees the change, and finds the clinic already holding it or brings it there. */
  inWriteTransaction<T>(
    work: (store: PatientWriteStore) => Promise<T>,
    options: WriteOptions,
  ): Promise<T> {
    return committedUnlessDryRun<EntityManager, T>(
      (run) => this.dataSource.transaction(run),
      (manager) => work(writeStore(manager)),
      options.dryRun,
    );
  }

  /** The sync's writes are marked first, so the write-back connector never copies them back. */
  inSyncTransaction<T>(work: (store: PatientSyncStore) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await markSyncTransaction((sql, params) => manager.query(sql, params), 'legacy-inbound');
      return work(syncStore(manager));
    });
  }

  private matching(query: PatientQuery): SelectQueryBuilder<PatientOrmEntity> {
    const qb = this.rows.createQueryBuilder('p');
    if (!query.includeMerged) qb.andWhere('p.mergedInto IS NULL');
    if (query.familyPrefix !== undefined) {
      qb.andWhere('p.familyName LIKE :family', { family: `${escapeLike(query.familyPrefix)}%` });
    }
    if (query.givenPrefix !== undefined) {
      qb.andWhere('p.givenName LIKE :given', { given: `${escapeLike(query.givenPrefix)}%` });
    }
    if (query.birthDate !== undefined) {
      qb.andWhere('p.birthDate = :birthDate', { birthDate: query.birthDate });
    }
    return qb;
  }
}

function lockedRows(manager: EntityManager): SelectQueryBuilder<PatientOrmEntity> {
  return manager
    .getRepository(PatientOrmEntity)
    .createQueryBuilder('p')
    .setLock('pessimistic_write');
}

function writeStore(manager: EntityManager): PatientWriteStore {
  const rows = manager.getRepository(PatientOrmEntity);
  return {
    async lockById(id: number): Promise<Patient | undefined> {
      const row = await lockedRows(manager).where('p.id = :id', { id }).getOne();
      return row ? PatientMapper.toDomain(row) : undefined;
    },
    async lockMergedInto(id: number): Promise<Patient[]> {
      const found = await lockedRows(manager)
        .where('p.mergedInto = :id', { id })
        .orderBy('p.id', 'ASC')
        .getMany();
      return found.map((row) => PatientMapper.toDomain(row));
    },
    async insert(patient: Omit<Patient, 'id'>, id?: number): Promise<Patient> {
      const row = PatientMapper.toPersistence({ ...patient, id: id ?? 0 }, null);
      const { id: _unassigned, ...columns } = row;
      const result = await rows.insert(id === undefined ? columns : row);
      const raw = result.raw as { insertId: number };
      return { ...patient, id: id ?? raw.insertId };
    },
    async replaceIfVersion(patient: Patient, expectedVersion: number): Promise<boolean> {
      const { id, ...columns } = PatientMapper.toPersistence(patient, null);
      const result = await rows.update(
        { id, version: expectedVersion, mergedInto: IsNull() },
        columns,
      );
      return result.affected === 1;
    },
    async saveIfNewer(patient: Patient): Promise<void> {
      const stored = await lockedRows(manager).where('p.id = :id', { id: patient.id }).getOne();
      if (stored && stored.version >= patient.version) return;
      await rows.upsert(PatientMapper.toPersistence(patient, null), ['id']);
    },
  };
}

/** The sync's view of one transaction: the row is locked from the read until the commit. */
function syncStore(manager: EntityManager): PatientSyncStore {
  const rows = manager.getRepository(PatientOrmEntity);
  return {
    async lockById(id: number): Promise<SyncedPatient | undefined> {
      const row = await rows
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id })
        .getOne();
      return row
        ? { patient: PatientMapper.toDomain(row), sourcePosition: row.sourcePosition }
        : undefined;
    },
    async upsert(patient: Patient, sourcePosition: string): Promise<void> {
      await rows.upsert(PatientMapper.toPersistence(patient, sourcePosition), ['id']);
    },
    async delete(id: number): Promise<void> {
      await rows.delete({ id });
    },
  };
}
