import type { Patient, PatientSearchCriteria } from '@ficus/legacy-adapter';
import type { WriteOptions } from './patient-system-of-record.port';

export const PATIENT_REPOSITORY = Symbol('PatientRepositoryPort');

export interface PatientQuery extends PatientSearchCriteria {
  /** The clinic's search leaves merged records out: their survivor is the one to find. */
  includeMerged: boolean;
}

/** A stored patient together with where its last legacy change came from (null: the service). */
export interface SyncedPatient {
  patient: Patient;
  sourcePosition: string | null;
}

/** Reads and writes inside one transaction that holds the patient's row lock. */
export interface PatientSyncStore {
  lockById(id: number): Promise<SyncedPatient | undefined>;
  upsert(patient: Patient, sourcePosition: string): Promise<void>;
  delete(id: number): Promise<void>;
}

/** A write request's view of one service transaction; rows read here stay locked until its end. */
export interface PatientWriteStore {
  lockById(id: number): Promise<Patient | undefined>;
  /** The records merged into `id`, locked. */
  lockMergedInto(id: number): Promise<Patient[]>;
  /** Stores a new patient under `id` (or a fresh one when undefined) and returns it with its id. */
  insert(patient: Omit<Patient, 'id'>, id?: number): Promise<Patient>;
  /**
   * Replaces the stored patient only if it is still at `expectedVersion` and not merged; false
   * when it is not (changed meanwhile, merged or gone).
   */
  replaceIfVersion(patient: Patient, expectedVersion: number): Promise<boolean>;
  /** Stores `patient` as the system of record holds it, unless the service already holds a newer version. */
  saveIfNewer(patient: Patient): Promise<void>;
}

export interface PatientRepositoryPort {
  findById(id: number): Promise<Patient | undefined>;
  /**
   * The patient once every write to it that is still committing has committed. A reader told of
   * a change by the binlog needs this: the server sends a transaction's binlog events before its
   * commit is visible to other sessions, so `findById` may still return the row from before it.
   */
  findByIdAfterPendingWrites(id: number): Promise<Patient | undefined>;
  /** Ordered by family name, first given name and id, as the clinic orders its results. */
  search(query: PatientQuery): Promise<Patient[]>;
  count(query: PatientQuery): Promise<number>;
  /**
   * The id the service's own table would give the next patient, for a dry-run create: an insert
   * rolled back would spend it (InnoDB does not give AUTO_INCREMENT values back).
   */
  nextId(): Promise<number>;
  /**
   * Runs a write request's service-side work in one transaction: committed when `work` resolves,
   * rolled back when it throws, and rolled back with its result returned on a dry run.
   */
  inWriteTransaction<T>(
    work: (store: PatientWriteStore) => Promise<T>,
    options: WriteOptions,
  ): Promise<T>;
  inSyncTransaction<T>(work: (store: PatientSyncStore) => Promise<T>): Promise<T>;
}
