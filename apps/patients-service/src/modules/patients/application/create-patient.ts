import { Inject, Injectable } from '@nestjs/common';
import { assertStorableByLegacy, type NewPatient, type Patient } from '@ficus/legacy-adapter';
import { registerPatient } from '../domain/patient-changes';
import {
  APPLY,
  PATIENT_SYSTEM_OF_RECORD,
  type PatientSystemOfRecord,
  type WriteOptions,
} from '../domain/patient-system-of-record.port';
import { CLOCK, type Clock } from './clock';

/** How the clinic's create registers a patient (PAT_STAT 'A'). */
export const ACTIVE = { active: true, deceased: false };

/** A placeholder id for the storability check: the real one is the database's to assign. */
const UNASSIGNED_ID = 1;

@Injectable()
export class CreatePatient {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PATIENT_SYSTEM_OF_RECORD) private readonly record: PatientSystemOfRecord,
  ) {}

  /**
   * Registers a patient. It must be storable by the monolith as it is, because it goes there
   * too: a patient the clinic could not hold is refused here.
   */
  async run(
    draft: NewPatient,
    lifecycle: { active: boolean; deceased: boolean } = ACTIVE,
    options: WriteOptions = APPLY,
  ): Promise<Patient> {
    const patient = registerPatient(draft, lifecycle, this.clock());
    assertStorableByLegacy({ ...patient, id: UNASSIGNED_ID });
    return this.record.register(patient, options);
  }
}
