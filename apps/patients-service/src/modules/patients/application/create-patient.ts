import { Inject, Injectable } from '@nestjs/common';
import { assertStorableByLegacy, type NewPatient, type Patient } from '@ficus/legacy-adapter';
import { registerPatient } from '../domain/patient-changes';
import { PATIENT_ID_AUTHORITY, type PatientIdAuthority } from '../domain/patient-id-authority.port';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';
import { CLOCK, type Clock } from './clock';

/** A placeholder id for the storability check: the real one is the database's to assign. */
const UNASSIGNED_ID = 1;

@Injectable()
export class CreatePatient {
  constructor(
    @Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PATIENT_ID_AUTHORITY) private readonly ids: PatientIdAuthority,
  ) {}

  /**
   * Registers a patient. It must be storable by the monolith as it is, because write-back will
   * copy it there: a patient the clinic could not hold is refused here, not at write-back.
   */
  async run(
    draft: NewPatient,
    lifecycle: { active: boolean; deceased: boolean } = { active: true, deceased: false },
  ): Promise<Patient> {
    const patient = registerPatient(draft, lifecycle, this.clock());
    assertStorableByLegacy({ ...patient, id: UNASSIGNED_ID });
    return this.ids.register(patient, (id) => this.patients.insert(patient, id));
  }
}
