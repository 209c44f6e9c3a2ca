import { conflict } from '../http/errors';
import { type PatientRow } from './patient.row';

/** A write aimed at a merged record: the answer names the survivor to use instead. */
export function mergedPatient(patient: PatientRow) {
  return conflict(
    'CLINIC_PATIENT_MERGED',
    `patient ${patient.PAT_ID} was merged into patient ${patient.PAT_MRG_TO}; use that record`,
    { id: patient.PAT_ID, mergedInto: patient.PAT_MRG_TO },
  );
}
