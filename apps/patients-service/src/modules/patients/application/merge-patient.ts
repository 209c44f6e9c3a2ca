import { Inject, Injectable } from '@nestjs/common';
import type { PatientMerge } from '@ficus/legacy-adapter';
import { wholeSecondIso } from '../domain/patient-changes';
import {
  APPLY,
  PATIENT_SYSTEM_OF_RECORD,
  type PatientSystemOfRecord,
  type WriteOptions,
} from '../domain/patient-system-of-record.port';
import { CLOCK, type Clock } from './clock';

/**
 * Merges a duplicate record into its survivor: the duplicate then points at the survivor
 * (FHIR `Patient.link` of type `replaced-by`), and reads of it answer with the survivor.
 */
@Injectable()
export class MergePatient {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PATIENT_SYSTEM_OF_RECORD) private readonly record: PatientSystemOfRecord,
  ) {}

  run(fromId: number, intoId: number, options: WriteOptions = APPLY): Promise<PatientMerge> {
    return this.record.merge(fromId, intoId, wholeSecondIso(this.clock()), options);
  }
}
