/**
 * APPT_TRN's columns in table order: the clinic answers `SELECT *` rows as JSON, so this is also
 * the key order of its appointment payloads, which parity compares byte for byte.
 */
export const APPOINTMENT_COLUMNS = [
  'APPT_ID',
  'APPT_PAT_ID',
  'APPT_PRAC_ID',
  'APPT_DT',
  'APPT_TM',
  'APPT_DUR',
  'APPT_STAT',
  'APPT_RSN',
  'APPT_CXL_RSN',
  'APPT_CRT_DT',
  'APPT_UPD_DT',
] as const;

export const APPOINTMENT_TABLE = 'APPT_TRN';
export const APPOINTMENT_KEY_COLUMN = 'APPT_ID' satisfies (typeof APPOINTMENT_COLUMNS)[number];
/**
 * When the clinic last changed a visit (`YYYYMMDDHHMMSS`, '' when never recorded): APPT_TRN has no
 * version counter, so write-back orders a visit's versions by this stamp.
 */
export const APPOINTMENT_UPDATED_COLUMN =
  'APPT_UPD_DT' satisfies (typeof APPOINTMENT_COLUMNS)[number];

/** VARCHAR(100) for both reasons; APPT_DUR is a SMALLINT. */
export const REASON_WIDTH = 100;
export const MAX_SMALLINT = 32_767;
