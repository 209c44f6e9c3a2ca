import type { PatientReference } from './patient-reference';

export const PATIENT_REFERENCE_REPOSITORY = Symbol('PatientReferenceRepositoryPort');

export interface PatientReferenceRepositoryPort {
  findById(id: number): Promise<PatientReference | undefined>;
}
