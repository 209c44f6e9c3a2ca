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
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';
import { CLOCK, type Clock } from './clock';

export interface PatientReplacement {
  version: number;
  patient: NewPatient;
  lifecycle: { active: boolean; deceased: boolean };
}

/**
 * Changes a patient under the optimistic lock: only from the current version, never a merged
 * record, and never into something the monolith could not store.
 */
@Injectable()
export class UpdatePatient {
  constructor(
    @Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A partial change (the clinic's PUT). */
  change(id: number, update: PatientUpdate): Promise<Patient> {
    return this.write(id, update.version, (current) =>
      applyPatientChanges(current, update.changes, this.clock()),
    );
  }

  /** A full replacement (FHIR's PUT). */
  replace(id: number, replacement: PatientReplacement): Promise<Patient> {
    return this.write(id, replacement.version, (current) =>
      replacePatient(current, replacement.patient, replacement.lifecycle, this.clock()),
    );
  }

  private async write(
    id: number,
    version: number,
    next: (current: Patient) => Patient,
  ): Promise<Patient> {
    const current = await this.current(id, version);
    const updated = next(current);
    assertStorableByLegacy(updated);
    if (await this.patients.replaceIfVersion(updated, version)) return updated;
    // Changed by someone else between the read and the write: report what is there now.
    await this.current(id, version);
    throw new PatientVersionConflictError(id, version, version);
  }

  private async current(id: number, version: number): Promise<Patient> {
    const current = await this.patients.findById(id);
    if (!current) throw new PatientNotFoundError(id);
    if (current.mergedInto !== null) throw new PatientMergedError(id, current.mergedInto);
    if (current.version !== version) {
      throw new PatientVersionConflictError(id, current.version, version);
    }
    return current;
  }
}
