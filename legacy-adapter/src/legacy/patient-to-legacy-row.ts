import type { Patient } from '../domain/patient';
import { isoToLegacyDate, isoToLegacyStamp } from './legacy-date';
import { packAddress } from './packed-address';
import { sexOfGender, statusOf } from './patient-codes';
import { assertStorableByLegacy } from './patient-fit';

/**
 * A domain patient as a PATIENT_MST row, for write-back: every column, in table order, with the
 * legacy blanks ('' and '00000000') where the domain has null. Throws LegacyTranslationError when
 * the monolith could not store the patient.
 */
export function patientToLegacyRow(patient: Patient): Record<string, unknown> {
  assertStorableByLegacy(patient);
  const [first = '', ...middle] = patient.name.given;
  return {
    PAT_ID: patient.id,
    PAT_FNAME: first,
    PAT_LNAME: patient.name.family,
    PAT_MNAME: middle.join(' '),
    PAT_DOB: isoToLegacyDate(patient.birthDate),
    PAT_SEX: sexOfGender(patient.gender),
    PAT_STAT: statusOf(patient),
    PAT_ADDR: packAddress(patient.address),
    PAT_PHONE: patient.telecom.phone ?? '',
    PAT_EMAIL: patient.telecom.email ?? '',
    PAT_MRG_TO: patient.mergedInto ?? 0,
    PAT_CRT_DT: isoToLegacyStamp(patient.createdAt),
    PAT_UPD_DT: isoToLegacyStamp(patient.updatedAt),
    PAT_VER: patient.version,
  };
}

/**
 * The JSON body the clinic answers for `GET /api/patients/:id`: the raw row, its keys in table
 * order, so that `JSON.stringify` of it matches the clinic's answer byte for byte.
 */
export function patientToLegacyPayload(patient: Patient): Record<string, unknown> {
  return patientToLegacyRow(patient);
}
