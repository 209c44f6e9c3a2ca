import type { Patient } from '../domain/patient';
import { LegacyTranslationError } from '../legacy-translation.error';
import { assertValid } from '../validation/first-problem';
import { isPlainObject } from '../validation/rule';
import { legacyDateToIso, legacyStampToIso } from './legacy-date';
import { unpackAddress } from './packed-address';
import { genderOfSex } from './patient-codes';
import { PATIENT_COLUMNS, PATIENT_TABLE } from './patient-columns';
import { LegacyPatientRowInput } from './patient-row.input';

const CONTEXT = `${PATIENT_TABLE} row`;

/**
 * A PATIENT_MST row (a CDC `before`/`after`, or a row the clinic answered over HTTP) as a domain
 * patient. Columns other than PATIENT_MST's are ignored, so a column added to the legacy table
 * does not stop the sync. Throws LegacyTranslationError for a row that breaks the legacy rules.
 */
export function patientFromLegacyRow(row: unknown): Patient {
  if (!isPlainObject(row)) throw new LegacyTranslationError('row', 'an object', CONTEXT);
  const input = new LegacyPatientRowInput();
  for (const column of PATIENT_COLUMNS) Object.assign(input, { [column]: row[column] });
  assertValid(input, CONTEXT);
  const merged = input.PAT_STAT === 'M';
  if (merged !== input.PAT_MRG_TO > 0) {
    throw new LegacyTranslationError(
      'PAT_MRG_TO',
      "the surviving patient's id when PAT_STAT is 'M', and 0 otherwise",
      CONTEXT,
    );
  }
  return {
    id: input.PAT_ID,
    name: {
      given: input.PAT_MNAME === '' ? [input.PAT_FNAME] : [input.PAT_FNAME, input.PAT_MNAME],
      family: input.PAT_LNAME,
    },
    birthDate: legacyDateToIso(input.PAT_DOB),
    gender: genderOfSex(input.PAT_SEX),
    active: input.PAT_STAT === 'A',
    deceased: input.PAT_STAT === 'D',
    address: unpackAddress(input.PAT_ADDR),
    telecom: {
      phone: input.PAT_PHONE === '' ? null : input.PAT_PHONE,
      email: input.PAT_EMAIL === '' ? null : input.PAT_EMAIL,
    },
    mergedInto: merged ? input.PAT_MRG_TO : null,
    version: input.PAT_VER,
    createdAt: legacyStampToIso(input.PAT_CRT_DT),
    updatedAt: legacyStampToIso(input.PAT_UPD_DT),
  };
}

/** The primary key of a PATIENT_MST row, e.g. from a delete event's `before`. */
export function patientIdFromLegacyRow(row: unknown): number {
  const id = isPlainObject(row) ? row.PAT_ID : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
    throw new LegacyTranslationError('PAT_ID', 'a positive integer id', CONTEXT);
  }
  return id;
}

/** The version of a PATIENT_MST row, for ordering changes without translating the whole row. */
export function patientVersionFromLegacyRow(row: unknown): number {
  const version = isPlainObject(row) ? row.PAT_VER : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new LegacyTranslationError('PAT_VER', 'a positive integer version', CONTEXT);
  }
  return version;
}
