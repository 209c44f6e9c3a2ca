import type { WriteOptions } from '@ficus/core';
import type { Patient, PatientMerge } from '@ficus/legacy-adapter';

export const PATIENT_SYSTEM_OF_RECORD = Symbol('PatientSystemOfRecord');

/**
 * The migration's phase for patients: which side decides a write, and so which side's change wins
 * when both changed a patient at the same version.
 */
export type SystemOfRecordPhase = 'legacy' | 'service';
export const SYSTEM_OF_RECORD_PHASE = Symbol('SystemOfRecordPhase');

/**
 * A write request applied, or (dryRun, asked for with `x-ficus-shadow: 1`) validated and computed
 * on every side, then rolled back: nothing stored, nothing in either binlog, so nothing synced.
 */
export { APPLY, type WriteOptions } from '@ficus/core';

/**
 * Who decides a patient write. While the monolith is the system of record it does: a write the
 * service accepts must take the monolith's row in the same request (its id for a create, its
 * version for a change), so that of two writers from one version, on either side, one is refused
 * and no client is told 2xx for a write that is later overwritten. After cutover the service does.
 *
 * Each method makes the service's own write too, in a service transaction committed before the
 * system of record's step commits (so a crash in between leaves the service ahead, and write-back
 * brings the monolith up to it), and keeps the system of record's step only if it succeeded.
 */
export interface PatientSystemOfRecord {
  /** Numbers and stores a new patient. */
  register(patient: Omit<Patient, 'id'>, options: WriteOptions): Promise<Patient>;
  /**
   * Moves the record from `expectedVersion` to `updated` (the next version). Throws
   * PatientVersionConflictError, PatientMergedError or PatientNotFoundError, having written
   * nothing, when the record is no longer at that version.
   */
  replace(updated: Patient, expectedVersion: number, options: WriteOptions): Promise<void>;
  /**
   * Merges `fromId` into `intoId` at `atIso`. Throws PatientNotFoundError, PatientMergedError or
   * PatientMergeTargetMergedError, having written nothing.
   */
  merge(
    fromId: number,
    intoId: number,
    atIso: string,
    options: WriteOptions,
  ): Promise<PatientMerge>;
}
