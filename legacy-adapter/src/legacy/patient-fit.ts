import { GENDERS, type Patient, type PatientAddress } from '../domain/patient';
import { LegacyTranslationError } from '../legacy-translation.error';
import { integerBetween, nonEmptyText, textMatching } from '../validation/checks';
import { charLength, nullish, type Check } from '../validation/rule';
import { isIsoDate, isIsoInstant } from './legacy-date';
import { ADDRESS_DELIMITER, addressParts, PACKED_ADDRESS_WIDTH } from './packed-address';
import { EMAIL_WIDTH, MAX_DB_INT, NAME_WIDTH, PHONE_WIDTH } from './patient-columns';

const CONTEXT = 'patient cannot be stored by the legacy clinic';

const isGender: Check = (value) =>
  (GENDERS as readonly unknown[]).includes(value) ? undefined : `one of ${GENDERS.join(', ')}`;

const givenNames: Check = (value) => {
  const expected = `a first given name and optional middle names, non-empty, each part of at most ${NAME_WIDTH} characters`;
  if (!Array.isArray(value) || value.length === 0) return expected;
  const [first, ...middle] = value as unknown[];
  if (nonEmptyText(NAME_WIDTH)(first) !== undefined) return expected;
  if (middle.some((name) => typeof name !== 'string' || name === '')) return expected;
  return charLength(middle.join(' ')) <= NAME_WIDTH ? undefined : expected;
};

const address: Check = (value) => {
  const expected = `at most two lines (an empty first line only before a second), no '${ADDRESS_DELIMITER}', not all empty, ${PACKED_ADDRESS_WIDTH} characters in all`;
  const candidate = value as PatientAddress;
  const lines = candidate.line;
  if (!Array.isArray(lines) || lines.length > 2) return expected;
  if (lines.length === 1 && lines[0] === '') return expected;
  if (lines.length === 2 && lines[1] === '') return expected;
  const parts = addressParts(candidate);
  if (parts.some((part) => typeof part !== 'string' || part.includes(ADDRESS_DELIMITER)))
    return expected;
  if (parts.every((part) => part === '')) return expected;
  return charLength(parts.join(ADDRESS_DELIMITER)) <= PACKED_ADDRESS_WIDTH ? undefined : expected;
};

/** In the order the problems are reported: the first failing member is the one named. */
const MEMBERS: ReadonlyArray<readonly [string, (p: Patient) => unknown, Check]> = [
  ['id', (p) => p.id, integerBetween(1, MAX_DB_INT, 'a positive integer id')],
  ['name.given', (p) => p.name.given, givenNames],
  ['name.family', (p) => p.name.family, nonEmptyText(NAME_WIDTH)],
  ['birthDate', (p) => p.birthDate, nullish(textMatching(isIsoDate, 'a date YYYY-MM-DD'))],
  ['gender', (p) => p.gender, nullish(isGender)],
  ['address', (p) => p.address, nullish(address)],
  ['telecom.phone', (p) => p.telecom.phone, nullish(nonEmptyText(PHONE_WIDTH))],
  ['telecom.email', (p) => p.telecom.email, nullish(nonEmptyText(EMAIL_WIDTH))],
  ['mergedInto', (p) => p.mergedInto, nullish(integerBetween(1, MAX_DB_INT, 'a patient id'))],
  ['version', (p) => p.version, integerBetween(1, MAX_DB_INT, 'a positive integer version')],
  ['createdAt', (p) => p.createdAt, nullish(textMatching(isIsoInstant, 'an ISO-8601 UTC instant'))],
  ['updatedAt', (p) => p.updatedAt, nullish(textMatching(isIsoInstant, 'an ISO-8601 UTC instant'))],
];

/**
 * Throws LegacyTranslationError, naming the domain member, when the monolith could not store the
 * patient as it is (too long for its columns, a delimiter inside an address part...). The
 * service checks this before it accepts a write, so write-back never meets a row it must refuse.
 */
export function assertStorableByLegacy(patient: Patient): void {
  for (const [field, read, check] of MEMBERS) {
    const expected = check(read(patient));
    if (expected !== undefined) throw new LegacyTranslationError(field, expected, CONTEXT);
  }
}
