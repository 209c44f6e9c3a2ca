import { PATIENT_TABLE } from '@ficus/legacy-adapter';

/**
 * The two columns of the clinic's patient table that write-back must name in SQL: the key, and
 * the optimistic-lock version that orders changes. The adapter translates whole rows and exports
 * the table's name but not these roles; every other column comes from its translated row.
 */
export const LEGACY_PATIENT_TABLE = PATIENT_TABLE;
export const LEGACY_PATIENT_KEY = 'PAT_ID';
export const LEGACY_PATIENT_VERSION = 'PAT_VER';
