import { Inject, Injectable } from '@nestjs/common';
import type { Patient } from '@ficus/legacy-adapter';
import { resolveSurvivor, type ResolvedPatient } from '../domain/merge-resolution';
import { PatientNotFoundError } from '../domain/patient-errors';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';

@Injectable()
export class ReadPatient {
  constructor(@Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort) {}

  /** The record itself, merged or not (FHIR reads). */
  async byId(id: number): Promise<Patient> {
    const patient = await this.patients.findById(id);
    if (!patient) throw new PatientNotFoundError(id);
    return patient;
  }

  /** The survivor of any merge, as the clinic answers reads by id. */
  async survivorOf(id: number): Promise<ResolvedPatient> {
    const resolved = await resolveSurvivor((n) => this.patients.findById(n), id);
    if (!resolved) throw new PatientNotFoundError(id);
    return resolved;
  }
}
