/**
 * PATIENT_MST's columns in table order: the clinic answers `SELECT *` rows as JSON, so this is
 * also the key order of its HTTP payloads, which parity compares byte for byte.
 */
export const PATIENT_COLUMNS = [
  'PAT_ID',
  'PAT_FNAME',
  'PAT_LNAME',
  'PAT_MNAME',
  'PAT_DOB',
  'PAT_SEX',
  'PAT_STAT',
  'PAT_ADDR',
  'PAT_PHONE',
  'PAT_EMAIL',
  'PAT_MRG_TO',
  'PAT_CRT_DT',
  'PAT_UPD_DT',
  'PAT_VER',
] as const;

export const PATIENT_TABLE = 'PATIENT_MST';

/**
 * The two columns a writer must name in SQL (the rest come from a translated row): the key, and
 * the optimistic-lock version that orders changes.
 */
export const PATIENT_KEY_COLUMN = 'PAT_ID' satisfies (typeof PATIENT_COLUMNS)[number];
export const PATIENT_VERSION_COLUMN = 'PAT_VER' satisfies (typeof PATIENT_COLUMNS)[number];

/** VARCHAR widths, in characters. */
export const NAME_WIDTH = 40;
export const PHONE_WIDTH = 30;
export const EMAIL_WIDTH = 100;

/** INT's upper bound: ids and versions beyond it cannot be stored. */
export const MAX_DB_INT = 2_147_483_647;
