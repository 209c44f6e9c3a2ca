import type { WriteOptions } from '@ficus/core';
import type { Appointment, DayQuery, Practitioner } from '@ficus/legacy-adapter';
import type { PatientReference } from './patient-reference';

export const APPOINTMENT_REPOSITORY = Symbol('AppointmentRepositoryPort');

/** FHIR's Appointment search: any of patient, practitioner and day, paged. */
export interface AppointmentSearch {
  patientId?: number;
  practitionerId?: number;
  date?: string;
  limit: number;
  offset: number;
}

/**
 * A booking's view of one transaction. The practitioner's row lock is taken before the day is
 * read, so two requests for the same practitioner are checked one after the other and no booking
 * slips in between a check and its write (the clinic's own locking order: patient, then
 * practitioner).
 */
export interface BookingTransaction {
  /** The patient, read under a shared lock so a merge cannot commit under the booking. */
  patientShared(id: number): Promise<PatientReference | undefined>;
  lockPractitioner(id: number): Promise<Practitioner | undefined>;
  lockAppointment(id: number): Promise<Appointment | undefined>;
  practitionerDay(practitionerId: number, date: string): Promise<Appointment[]>;
  /**
   * Numbers and stores a new visit (the deciding side's numbering) and returns it with its id. On
   * a dry run it stores nothing and numbers the visit with the id the deciding side would give
   * next: an INSERT, even rolled back, would use that id up.
   */
  insert(appointment: Omit<Appointment, 'id'>): Promise<Appointment>;
  /** Writes the new state of a visit `lockAppointment` returned in this transaction. */
  save(appointment: Appointment): Promise<void>;
}

/**
 * Stores visits as another system of record decided them, under their ids. The inbound sync may
 * bring the same visit concurrently, and the copy must never put back an older state over what it
 * brought: a visit to be changed is locked here before the other side's row is (so a later change
 * there reaches the service only after the copy commits), and a copy of a visit that was not held
 * here is stored only where the service has none yet (inbound brings the rest, in order).
 */
export interface CopyVisit {
  /** Locks the service's copy of a visit, if it has one, until the copy transaction ends. */
  lock(id: number): Promise<void>;
  /** The visit as the other side stored it: replaces a copy `lock` held, else only fills a gap. */
  store(appointment: Appointment): Promise<void>;
}

export interface AppointmentRepositoryPort {
  findById(id: number): Promise<Appointment | undefined>;
  /**
   * The visit once every write to it that is still committing has committed. A reader told of a
   * change by the binlog needs this: the server sends a transaction's binlog events before its
   * commit is visible to other sessions, so `findById` may still return the row from before it.
   */
  findByIdAfterPendingWrites(id: number): Promise<Appointment | undefined>;
  /** Every visit of the patient, by date, time and id. */
  listForPatient(patientId: number): Promise<Appointment[]>;
  /** One day, by time, practitioner and id. */
  listDay(query: DayQuery): Promise<Appointment[]>;
  search(criteria: AppointmentSearch): Promise<{ appointments: Appointment[]; total: number }>;
  /** The service deciding: its own rows, locks and numbering; rolled back on a dry run. */
  inBookingTransaction<T>(
    work: (tx: BookingTransaction) => Promise<T>,
    options: WriteOptions,
  ): Promise<T>;
  /**
   * A transaction committed after `work` resolves (rolled back if it throws), in which `copy`
   * stores visits another side decided: `work` commits that side first, so a failure between the
   * two commits leaves the service behind the system of record, never ahead of it. Rolled back on
   * a dry run.
   */
  inCopyTransaction<T>(work: (copy: CopyVisit) => Promise<T>, options: WriteOptions): Promise<T>;
}
