import type { Gender, PatientLifecycle } from '../domain/patient';

/** PAT_SEX: M, F, U (recorded as unknown) or '' (never recorded). */
export const SEX_EXPECTED = "one of 'M', 'F', 'U' or ''";

const GENDER_BY_SEX: Readonly<Record<string, Gender | null>> = {
  M: 'male',
  F: 'female',
  U: 'unknown',
  '': null,
};

export function isSexCode(code: string): boolean {
  return Object.hasOwn(GENDER_BY_SEX, code);
}

/** The caller has checked the code with isSexCode. */
export function genderOfSex(code: string): Gender | null {
  return GENDER_BY_SEX[code] ?? null;
}

export function sexOfGender(gender: Gender | null): string {
  switch (gender) {
    case 'male':
      return 'M';
    case 'female':
      return 'F';
    case 'unknown':
      return 'U';
    case null:
      return '';
  }
}

/** PAT_STAT: A active, I inactive, D deceased, M merged into PAT_MRG_TO. */
export const STATUS_EXPECTED = "one of 'A', 'I', 'D' or 'M'";
export type LegacyStatus = 'A' | 'I' | 'D' | 'M';

export function isStatusCode(code: string): code is LegacyStatus {
  return code === 'A' || code === 'I' || code === 'D' || code === 'M';
}

export function statusOfLifecycle(lifecycle: PatientLifecycle): Exclude<LegacyStatus, 'M'> {
  switch (lifecycle) {
    case 'active':
      return 'A';
    case 'inactive':
      return 'I';
    case 'deceased':
      return 'D';
  }
}

/** A merge outranks everything: a merged record is neither active nor dead, it is gone. */
export function statusOf(flags: {
  active: boolean;
  deceased: boolean;
  mergedInto: number | null;
}): LegacyStatus {
  if (flags.mergedInto !== null) return 'M';
  if (flags.deceased) return 'D';
  return flags.active ? 'A' : 'I';
}
