import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { committedUnlessDryRun, FicusError, type WriteOptions } from '@ficus/core';
import type { Appointment, DayQuery } from '@ficus/legacy-adapter';
import type {
  AppointmentRepositoryPort,
  AppointmentSearch,
  BookingTransaction,
  CopyVisit,
} from '../domain/appointment.repository.port';
import {
  AppointmentMapper,
  PatientReferenceMapper,
  PractitionerMapper,
} from '../scheduling.mapper';
import { AppointmentOrmEntity } from './appointment.orm-entity';
import { PatientReferenceOrmEntity } from './patient-reference.orm-entity';
import { PractitionerOrmEntity } from './practitioner.orm-entity';

@Injectable()
export class AppointmentTypeormRepository implements AppointmentRepositoryPort {
  constructor(
    @InjectRepository(AppointmentOrmEntity)
    private readonly rows: Repository<AppointmentOrmEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async findById(id: number): Promise<Appointment | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? AppointmentMapper.toDomain(row) : undefined;
  }

  /** A shared-lock read in a transaction of its own: it waits for a writer's commit. */
  findByIdAfterPendingWrites(id: number): Promise<Appointment | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(AppointmentOrmEntity)
        .createQueryBuilder('a')
        .setLock('pessimistic_read')
        .where('a.id = :id', { id })
        .getOne();
      return row ? AppointmentMapper.toDomain(row) : undefined;
    });
  }

  async listForPatient(patientId: number): Promise<Appointment[]> {
    const rows = await this.rows.find({
      where: { patientId },
      order: { startDate: 'ASC', startTime: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => AppointmentMapper.toDomain(row));
  }

  async listDay(query: DayQuery): Promise<Appointment[]> {
    const rows = await this.rows.find({
      where: {
        startDate: query.date,
        ...(query.practitionerId === undefined ? {} : { practitionerId: query.practitionerId }),
      },
      order: { startTime: 'ASC', practitionerId: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return rows.map((row) => AppointmentMapper.toDomain(row));
  }

  async search(
    criteria: AppointmentSearch,
  ): Promise<{ appointments: Appointment[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({
      where: {
        ...(criteria.patientId === undefined ? {} : { patientId: criteria.patientId }),
        ...(criteria.practitionerId === undefined
          ? {}
          : { practitionerId: criteria.practitionerId }),
        ...(criteria.date === undefined ? {} : { startDate: criteria.date }),
      },
      order: { startDate: 'ASC', startTime: 'ASC', id: 'ASC' },
      take: criteria.limit,
      skip: criteria.offset,
    });
    return { appointments: rows.map((row) => AppointmentMapper.toDomain(row)), total };
  }

  inBookingTransaction<T>(
    work: (tx: BookingTransaction) => Promise<T>,
    options: WriteOptions,
  ): Promise<T> {
    return committedUnlessDryRun<EntityManager, T>(
      (run) => this.dataSource.transaction(run),
      (manager) => work(bookingTransaction(manager, options)),
      options.dryRun,
    );
  }

  inCopyTransaction<T>(work: (copy: CopyVisit) => Promise<T>, options: WriteOptions): Promise<T> {
    // READ COMMITTED: locking a visit the service does not hold yet takes no gap lock.
    return committedUnlessDryRun<EntityManager, T>(
      (run) => this.dataSource.transaction('READ COMMITTED', run),
      (manager) => {
        const rows = manager.getRepository(AppointmentOrmEntity);
        const held = new Set<number>();
        return work({
          async lock(id) {
            const row = await rows
              .createQueryBuilder('a')
              .setLock('pessimistic_write')
              .where('a.id = :id', { id })
              .getOne();
            if (row) held.add(id);
          },
          async store(appointment) {
            const row = AppointmentMapper.toPersistence(appointment, null);
            if (held.has(appointment.id)) await rows.upsert(row, ['id']);
            // Where inbound stored it first, its row stands (`id = id` changes nothing).
            else
              await rows
                .createQueryBuilder()
                .insert()
                .values(row)
                .orUpdate(['id'], ['id'])
                .execute();
          },
        });
      },
      options.dryRun,
    );
  }
}

function bookingTransaction(manager: EntityManager, options: WriteOptions): BookingTransaction {
  const appointments = manager.getRepository(AppointmentOrmEntity);
  return {
    async patientShared(id) {
      const row = await manager
        .getRepository(PatientReferenceOrmEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_read')
        .where('p.id = :id', { id })
        .getOne();
      return row ? PatientReferenceMapper.toDomain(row) : undefined;
    },
    async lockPractitioner(id) {
      const row = await manager
        .getRepository(PractitionerOrmEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id })
        .getOne();
      return row ? PractitionerMapper.toDomain(row) : undefined;
    },
    async lockAppointment(id) {
      const row = await appointments
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.id = :id', { id })
        .getOne();
      return row ? AppointmentMapper.toDomain(row) : undefined;
    },
    async practitionerDay(practitionerId, date) {
      const rows = await appointments.find({ where: { practitionerId, startDate: date } });
      return rows.map((row) => AppointmentMapper.toDomain(row));
    },
    async insert(appointment) {
      if (options.dryRun) return { ...appointment, id: await nextId(manager) };
      const { id: _unassigned, ...columns } = AppointmentMapper.toPersistence(
        { ...appointment, id: 0 },
        null,
      );
      const result = await appointments.insert(columns);
      // TypeORM reports the generated key here on MariaDB (INSERT … RETURNING) and MySQL alike.
      const generated = result.identifiers[0] as { id: number } | undefined;
      const assigned = generated?.id;
      if (assigned === undefined) {
        throw new FicusError(
          'FICUS_SCHEDULING_NO_ID',
          'the database assigned no id to a new appointment; check that appointments.id is AUTO_INCREMENT (run the migrations)',
        );
      }
      return { ...appointment, id: assigned };
    },
    async save(appointment) {
      const { id, ...columns } = AppointmentMapper.toPersistence(appointment, null);
      await appointments.update({ id }, columns);
    },
  };
}

/**
 * The id the service's AUTO_INCREMENT would give the next visit, for a dry-run booking (MariaDB
 * reads it live; MySQL 8 caches it unless `information_schema_stats_expiry = 0`).
 */
async function nextId(manager: EntityManager): Promise<number> {
  const rows: Array<{ next: number | string | null }> = await manager.query(
    `SELECT AUTO_INCREMENT AS next FROM INFORMATION_SCHEMA.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [manager.getRepository(AppointmentOrmEntity).metadata.tableName],
  );
  return Number(rows[0]?.next ?? 1);
}
