/**
 * PRAC_MST's columns in table order: the clinic answers `SELECT *` rows as JSON, so this is also
 * the key order of its practitioner payloads, which parity compares byte for byte.
 */
export const PRACTITIONER_COLUMNS = [
  'PRAC_ID',
  'PRAC_FNAME',
  'PRAC_LNAME',
  'PRAC_SPEC',
  'PRAC_NPI',
  'PRAC_ACTV',
  'PRAC_CRT_DT',
  'PRAC_UPD_DT',
] as const;

export const PRACTITIONER_TABLE = 'PRAC_MST';
export const PRACTITIONER_KEY_COLUMN = 'PRAC_ID' satisfies (typeof PRACTITIONER_COLUMNS)[number];

/** Column widths, in characters. */
export const PRACTITIONER_NAME_WIDTH = 40;
export const SPECIALTY_WIDTH = 4;
export const NPI_WIDTH = 10;
