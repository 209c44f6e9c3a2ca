import { FicusError } from '@ficus/core';

/** The patient does not exist. Ids only in messages: they are not patient data. */
export class PatientNotFoundError extends FicusError {
  /** `field`: the request member that named the patient, when it was not the path's id. */
  constructor(
    readonly id: number,
    readonly field?: string,
  ) {
    super('FICUS_PATIENT_NOT_FOUND', `patient ${id} does not exist`, { details: { id } });
  }
}

/** The caller changed a version that is no longer current: re-read, then reapply. */
export class PatientVersionConflictError extends FicusError {
  constructor(
    readonly id: number,
    readonly currentVersion: number,
    readonly expectedVersion: number,
  ) {
    super(
      'FICUS_PATIENT_VERSION_CONFLICT',
      `patient ${id} is at version ${currentVersion}, not ${expectedVersion}: read it again and reapply the change`,
      { details: { id, currentVersion } },
    );
  }
}

/** A write aimed at a merged record; the survivor is the record to change. */
export class PatientMergedError extends FicusError {
  constructor(
    readonly id: number,
    readonly mergedInto: number,
  ) {
    super(
      'FICUS_PATIENT_MERGED',
      `patient ${id} was merged into patient ${mergedInto}; use that record`,
      { details: { id, mergedInto } },
    );
  }
}

/** A merge into a record that was itself merged: the caller should merge into its survivor. */
export class PatientMergeTargetMergedError extends FicusError {
  constructor(
    readonly into: number,
    readonly mergedInto: number,
  ) {
    super(
      'FICUS_PATIENT_MERGE_TARGET_MERGED',
      `patient ${into} was itself merged into patient ${mergedInto}; merge into that record`,
      { details: { into, mergedInto } },
    );
  }
}
