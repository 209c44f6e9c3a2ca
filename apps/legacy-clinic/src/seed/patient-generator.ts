import { packAddress } from '../legacy/address';
import { UNKNOWN_LEGACY_DATE } from '../legacy/legacy-date';
import { type PatientStatus } from '../patients/patient.row';
import { type SqlValue } from './bulk-insert';
import { DAY_MS, dayToLegacyDate, msToLegacyStamp, type SeedCalendar } from './calendar';
import { randomPhone } from './phone-styles';
import { type SeededRandom } from './prng';
import {
  CITIES,
  FEMALE_FIRST_NAMES,
  LAST_NAME_ENDINGS,
  LAST_NAME_STEMS,
  MALE_FIRST_NAMES,
  SECOND_LINES,
  STATES,
  STREET_KINDS,
  STREET_NAMES,
} from './vocabulary';

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

export interface GeneratedPatient {
  id: number;
  status: PatientStatus;
  row: SqlValue[];
}

/** Patients are up to 95 years old. */
const OLDEST_DAYS = 95 * 365;
/** Records go back twenty years before the first seeded visit. */
const REGISTRATION_DAYS = 20 * 365;

const STATUS_WEIGHTS: ReadonlyArray<readonly [PatientStatus, number]> = [
  ['A', 88],
  ['I', 7],
  ['D', 1.5],
  ['M', 3.5],
];

const SEX_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['F', 47],
  ['M', 47],
  ['U', 3],
  ['', 3],
];

/**
 * One PATIENT_MST row with the scars of twenty years of data entry: unknown birth dates, blank sex
 * codes, names typed in capitals, partial addresses, free-form phones, '' for "no e-mail", and
 * duplicates merged into an earlier record (`survivors` lists ids that may take a merge).
 */
export function generatePatient(
  rng: SeededRandom,
  calendar: SeedCalendar,
  id: number,
  survivors: readonly number[],
): GeneratedPatient {
  const sex = rng.weighted(SEX_WEIGHTS);
  const [first, middle, last] = names(rng, sex);
  let status = rng.weighted(STATUS_WEIGHTS);
  if (status === 'M' && survivors.length === 0) status = 'A';
  const mergedInto = status === 'M' ? rng.pick(survivors) : 0;
  // Born before the first seeded visit, registered after birth: the history stays plausible.
  const bornDay = calendar.firstVisitDay - rng.int(1, OLDEST_DAYS);
  const dob = rng.chance(0.02) ? UNKNOWN_LEGACY_DATE : dayToLegacyDate(bornDay);
  const email = rng.chance(0.4)
    ? ''
    : `${first}.${last}${rng.int(1, 999)}@example.test`.toLowerCase();
  const [created, updated, version] = history(rng, calendar, bornDay);
  return {
    id,
    status,
    row: [
      id,
      first,
      last,
      middle,
      dob,
      sex,
      status,
      address(rng),
      randomPhone(rng),
      email,
      mergedInto,
      created,
      updated,
      version,
    ],
  };
}

function names(rng: SeededRandom, sex: string): [string, string, string] {
  const pool =
    sex === 'F'
      ? FEMALE_FIRST_NAMES
      : sex === 'M'
        ? MALE_FIRST_NAMES
        : rng.pick([FEMALE_FIRST_NAMES, MALE_FIRST_NAMES]);
  const first = rng.pick(pool);
  const middleKind = rng.weighted([
    ['none', 55],
    ['initial', 25],
    ['full', 20],
  ] as const);
  const middleName = rng.pick(pool);
  const middle =
    middleKind === 'none' ? '' : middleKind === 'initial' ? middleName.slice(0, 1) : middleName;
  const last = `${rng.pick(LAST_NAME_STEMS)}${rng.pick(LAST_NAME_ENDINGS)}`;
  // The front desk's caps-lock years.
  const shout = rng.chance(0.08);
  return shout
    ? [first.toUpperCase(), middle.toUpperCase(), last.toUpperCase()]
    : [first, middle, last];
}

function address(rng: SeededRandom): string {
  if (rng.chance(0.04)) return '';
  const zip = String(rng.int(10_000, 99_999));
  return packAddress({
    line1: `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_KINDS)}`,
    line2: rng.chance(0.25) ? rng.pick(SECOND_LINES) : '',
    city: rng.pick(CITIES),
    state: rng.pick(STATES),
    zip: rng.chance(0.1) ? `${zip}-${String(rng.int(0, 9999)).padStart(4, '0')}` : zip,
  });
}

/** Registered between birth and the first visit; half the records were edited later, each edit a version. */
function history(
  rng: SeededRandom,
  calendar: SeedCalendar,
  bornDay: number,
): [string, string, number] {
  const last = calendar.firstVisitDay * DAY_MS;
  const first = Math.max(last - REGISTRATION_DAYS * DAY_MS, bornDay * DAY_MS);
  const created = first + rng.int(0, (last - first) / 1000) * 1000;
  if (rng.chance(0.5)) return [msToLegacyStamp(created), msToLegacyStamp(created), 1];
  const updated = created + rng.int(1, (calendar.todayMs - created) / 1000) * 1000;
  return [msToLegacyStamp(created), msToLegacyStamp(updated), rng.int(2, 6)];
}
