import { Inject, Injectable } from '@nestjs/common';
import {
  assertStorableByLegacy,
  type NewPatient,
  type Patient,
  type PatientUpdate,
} from '@ficus/legacy-adapter';
import { applyPatientChanges, replacePatient } from '../domain/patient-changes';
import {
  PatientMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../domain/patient-errors';
import {
  APPLY,
  PATIENT_SYSTEM_OF_RECORD,
  type PatientSystemOfRecord,
  type WriteOptions,
} from '../domain/patient-system-of-record.port';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';
import { CLOCK, type Clock } from './clock';

export interface PatientReplacement {
  version: number;
  patient: NewPatient;
  lifecycle: { active: boolean; deceased: boolean };
}

/**
 * Changes a patient under the optimistic lock: only from the current version, never a merged
 * record, and never into something the monolith could not store. The system of record decides
 * whether the version is still current (the clinic's row while it is the system of record).
 */
@Injectable()
export class UpdatePatient {
  constructor(
    @Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PATIENT_SYSTEM_OF_RECORD) private readonly record: PatientSystemOfRecord,
  ) {}

  /** A partial change (the clinic's PUT). */
  change(id: number, update: PatientUpdate, options: WriteOptions = APPLY): Promise<Patient> {
    return this.write(id, update.version, options, (current) =>
      applyPatientChanges(current, update.changes, this.clock()),
    );
  }

  /** A full replacement (FHIR's PUT). */
  replace(
    id: number,
    replacement: PatientReplacement,
    options: WriteOptions = APPLY,
  ): Promise<Patient> {
    return this.write(id, replacement.version, options, (current) =>
      replacePatient(current, replacement.patient, replacement.lifecycle, this.clock()),
    );
  }

  /**
   * A delete, as the monolith expresses one: the record becomes inactive (PAT_STAT 'I') and stays,
   * because appointments and invoices still refer to it. From `version` when the caller names one,
   * else from the current version.
   */
  async deactivate(
    id: number,
    version: number | undefined,
    options: WriteOptions = APPLY,
  ): Promise<Patient> {
    const from = version ?? (await this.found(id)).version;
    return this.write(id, from, options, (current) =>
      applyPatientChanges(current, { lifecycle: 'inactive' }, this.clock()),
    );
  }

  private async write(
    id: number,
    version: number,
    options: WriteOptions,
    next: (current: Patient) => Patient,
  ): Promise<Patient> {
    const current = await this.found(id);
    if (current.version !== version) {
      throw new PatientVersionConflictError(id, current.version, version);
    }
    const updated = next(current);
    assertStorableByLegacy(updated);
    await this.record.replace(updated, version, options);
    return updated;
  }

  private async found(id: number): Promise<Patient> {
    const current = await this.patients.findById(id);
    if (!current) throw new PatientNotFoundError(id);
    if (current.mergedInto !== null) throw new PatientMergedError(id, current.mergedInto);
    return current;
  }
}
