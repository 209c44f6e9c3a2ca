import { type SqlValue } from './bulk-insert';
import { DAY_MS, msToLegacyStamp, type SeedCalendar } from './calendar';
import { type SeededRandom } from './prng';
import {
  FEMALE_FIRST_NAMES,
  LAST_NAME_ENDINGS,
  LAST_NAME_STEMS,
  MALE_FIRST_NAMES,
  SPECIALTIES,
} from './vocabulary';

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

/**
 * NPIs here start with 99: real ones start with 1 or 2, so a synthetic practitioner can never be
 * looked up as a real one.
 */
export function generatePractitioner(
  rng: SeededRandom,
  calendar: SeedCalendar,
  id: number,
): SqlValue[] {
  const today = calendar.todayMs;
  const first = rng.pick(rng.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  const last = `${rng.pick(LAST_NAME_STEMS)}${rng.pick(LAST_NAME_ENDINGS)}`;
  const npi = `99${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const created = today - rng.int(800, 7000) * DAY_MS + rng.int(0, DAY_MS - 1);
  const updated = rng.chance(0.5)
    ? created
    : created + rng.int(0, Math.floor((today - created) / 1000)) * 1000;
  return [
    id,
    first,
    last,
    rng.weighted(SPECIALTIES),
    npi,
    rng.chance(0.9) ? 'Y' : 'N',
    msToLegacyStamp(created),
    msToLegacyStamp(updated),
  ];
}
