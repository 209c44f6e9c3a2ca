import { Inject, Injectable } from '@nestjs/common';
import { patientToLegacyRow, type Patient } from '@ficus/legacy-adapter';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';

/**
 * Write-back's mapping: a service patient as the PATIENT_MST row the monolith should hold, every
 * column in table order. Throws LegacyTranslationError if the monolith could not store it.
 */
export function exportPatientToLegacy(patient: Patient): Record<string, unknown> {
  return patientToLegacyRow(patient);
}

@Injectable()
export class ExportPatientToLegacy {
  constructor(@Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort) {}

  /** The legacy row for a stored patient, or undefined when the service has no such patient. */
  async byId(id: number): Promise<Record<string, unknown> | undefined> {
    const patient = await this.patients.findById(id);
    return patient ? exportPatientToLegacy(patient) : undefined;
  }

  /**
   * The same, for a patient whose change the binlog has just reported: waits until that change
   * is readable, which the binlog's report alone does not guarantee (see
   * PatientRepositoryPort.findByIdAfterPendingWrites).
   */
  async afterChange(id: number): Promise<Record<string, unknown> | undefined> {
    const patient = await this.patients.findByIdAfterPendingWrites(id);
    return patient ? exportPatientToLegacy(patient) : undefined;
  }
}
