import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { committedUnlessDryRun, FicusError, type WriteOptions } from '@ficus/core';
import {
  APPOINTMENT_TABLE,
  appointmentFromLegacyRow,
  appointmentToLegacyRow,
  LegacyTranslationError,
  legacyBookingStatements as sql,
  PATIENT_TABLE,
  patientFromLegacyRow,
  PRACTITIONER_TABLE,
  practitionerFromLegacyRow,
  type Appointment,
  type LegacyStatement,
} from '@ficus/legacy-adapter';
import type { AppointmentSystemOfRecord } from '../../domain/appointment-system-of-record.port';
import type {
  AppointmentRepositoryPort,
  BookingTransaction,
  CopyVisit,
} from '../../domain/appointment.repository.port';
import { patientReferenceOf } from '../../domain/patient-reference';
import { AppointmentNotBookedError, SchedulingNotFoundError } from '../../domain/scheduling-errors';
import type { LegacyClinicDatabase } from './legacy-clinic-database';

/**
 * The monolith is the system of record: every booking, move and cancellation the service accepts
 * is decided in the clinic's database, by the same rules (BookAppointment's) read from the clinic's
 * own rows under the clinic's own locks, in the clinic's order: the patient shared, then the
 * practitioner's row exclusive, then the day; or the visit's row exclusive, then its
 * practitioner. So the clinic's double-booking check covers the bookings made on both sides, and
 * of two writers of one slot or one visit, on either side, the second sees the first's result.
 *
 * - A booking is the clinic's INSERT: APPT_TRN's AUTO_INCREMENT numbers it.
 * - A move or a cancellation is an UPDATE over the state it was decided on (still booked, same
 *   APPT_UPD_DT), which the row lock keeps; if it no longer matched nothing would be written.
 *
 * The visit is then read back as the clinic stored it and copied to the service under the
 * clinic's id, in a service transaction that commits after the clinic's. A failure between the
 * two commits leaves the service behind the clinic, never ahead: the client gets no 2xx, and the
 * inbound sync brings the service up to APPT_TRN (these writes are deliberately not marked as the
 * sync's, so inbound reads them; it finds the service's copy identical and skips it). The other
 * order would leave a visit in the service that the clinic never kept, which write-back could then
 * put into a slot the clinic had given to someone else: APPT_TRN has no version to refuse it.
 *
 * The copy never puts an older state over one inbound brought meanwhile: the service's row of a
 * visit to change is locked before the clinic's, so inbound applies any later clinic change of it
 * after the copy commits; a visit the service did not hold yet is copied only where inbound has not
 * stored it first (inbound reads every write-through, in the clinic's order).
 *
 * A dry run (`x-ficus-shadow: 1`) takes the same locks and makes the same checks, moves and
 * cancellations included (their UPDATE and read-back run), then rolls back the clinic's
 * transaction and the service's: nothing committed, so nothing in either binlog. A dry-run booking
 * makes no INSERT, which would use up an APPT_ID even rolled back: it answers with the id
 * APPT_TRN's AUTO_INCREMENT would give next, read under the practitioner's lock, and the visit as
 * the clinic would store it (its row, translated back).
 */
export class LegacySystemOfRecord implements AppointmentSystemOfRecord {
  constructor(
    private readonly clinic: LegacyClinicDatabase,
    private readonly appointments: AppointmentRepositoryPort,
  ) {}

  inBookingTransaction<T>(
    work: (tx: BookingTransaction) => Promise<T>,
    options: WriteOptions,
  ): Promise<T> {
    return this.appointments.inCopyTransaction(
      (copy) =>
        committedUnlessDryRun<PoolConnection, T>(
          (body) => this.clinic.transaction(body),
          (conn) => work(clinicBookingTransaction(conn, copy, options)),
          options.dryRun,
        ),
      options,
    );
  }
}

function clinicBookingTransaction(
  conn: PoolConnection,
  copy: CopyVisit,
  options: WriteOptions,
): BookingTransaction {
  /** The visits as lockAppointment read them: what a save was decided on. */
  const decidedOn = new Map<number, Appointment>();
  return {
    async patientShared(id) {
      const row = await first(conn, sql.patientShared(id));
      return (
        row && fromClinicRow(PATIENT_TABLE, id, () => patientReferenceOf(patientFromLegacyRow(row)))
      );
    },
    async lockPractitioner(id) {
      const row = await first(conn, sql.lockPractitioner(id));
      return row && fromClinicRow(PRACTITIONER_TABLE, id, () => practitionerFromLegacyRow(row));
    },
    async lockAppointment(id) {
      await copy.lock(id);
      const row = await first(conn, sql.lockAppointment(id));
      if (!row) return undefined;
      const visit = fromClinicRow(APPOINTMENT_TABLE, id, () => appointmentFromLegacyRow(row));
      decidedOn.set(id, visit);
      return visit;
    },
    async practitionerDay(practitionerId, date) {
      const rows = await all(conn, sql.practitionerDay(practitionerId, date));
      return rows.map((row) =>
        fromClinicRow(APPOINTMENT_TABLE, Number(row.APPT_ID), () => appointmentFromLegacyRow(row)),
      );
    },
    async insert(visit) {
      if (options.dryRun) return wouldInsert(conn, visit);
      const statement = sql.insertAppointment(visit);
      const [result] = await conn.query<ResultSetHeader>(statement.sql, statement.params);
      const stored = await storedVisit(conn, result.insertId);
      await copy.store(stored);
      return stored;
    },
    async save(visit) {
      const before = decidedOn.get(visit.id);
      if (!before) {
        throw new FicusError(
          'FICUS_SCHEDULING_UNLOCKED_WRITE',
          `appointment ${visit.id} was saved without being locked first; lock it with lockAppointment in the same transaction`,
        );
      }
      const statement = sql.updateBookedAppointment(visit, before);
      const [result] = await conn.query<ResultSetHeader>(statement.sql, statement.params);
      if (result.affectedRows !== 1) throw await refusal(conn, visit.id);
      await copy.store(await storedVisit(conn, visit.id));
    },
  };
}

/** The visit a booking would store, numbered as APPT_TRN would number it next; nothing written. */
async function wouldInsert(
  conn: PoolConnection,
  visit: Omit<Appointment, 'id'>,
): Promise<Appointment> {
  const next = await first(conn, sql.nextAppointmentId());
  const id = Number(next?.next ?? 1);
  const row = appointmentToLegacyRow({ ...visit, id });
  return fromClinicRow(APPOINTMENT_TABLE, id, () => appointmentFromLegacyRow(row));
}

/** Why the conditional update matched no row, said as the clinic would. */
async function refusal(conn: PoolConnection, id: number): Promise<Error> {
  const row = await first(conn, sql.readAppointment(id));
  if (!row) return new SchedulingNotFoundError('appointment', id);
  const now = fromClinicRow(APPOINTMENT_TABLE, id, () => appointmentFromLegacyRow(row));
  if (now.status !== 'booked') return new AppointmentNotBookedError(id, now.status);
  // Unreachable while the row lock is held: said loudly rather than answered 2xx.
  return new FicusError(
    'FICUS_SCHEDULING_LEGACY_ROW_MOVED',
    `the clinic's appointment ${id} changed while this request held its lock; nothing was written`,
    { details: { id } },
  );
}

async function storedVisit(conn: PoolConnection, id: number): Promise<Appointment> {
  const row = await first(conn, sql.readAppointment(id));
  if (!row) throw new SchedulingNotFoundError('appointment', id);
  return fromClinicRow(APPOINTMENT_TABLE, id, () => appointmentFromLegacyRow(row));
}

/**
 * A clinic row the adapter refuses is the clinic's data to fix, not the client's request: a 500
 * naming the row and the field (never the value), not the clinic's 400.
 */
function fromClinicRow<T>(table: string, id: number, translate: () => T): T {
  try {
    return translate();
  } catch (err) {
    if (!(err instanceof LegacyTranslationError)) throw err;
    throw new FicusError(
      'FICUS_SCHEDULING_LEGACY_ROW_REFUSED',
      `the clinic's ${table} row ${id} cannot be read (${err.field}: expected ${err.expected}); fix it in the clinic`,
      { cause: err, details: { table, id, field: err.field } },
    );
  }
}

async function all(conn: PoolConnection, statement: LegacyStatement): Promise<RowDataPacket[]> {
  const [rows] = await conn.query<RowDataPacket[]>(statement.sql, statement.params);
  return rows;
}

async function first(
  conn: PoolConnection,
  statement: LegacyStatement,
): Promise<RowDataPacket | undefined> {
  return (await all(conn, statement))[0];
}
