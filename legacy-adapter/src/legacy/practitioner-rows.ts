import type { Practitioner } from '../domain/practitioner';
import { LegacyTranslationError } from '../legacy-translation.error';
import { assertValid } from '../validation/first-problem';
import { isPlainObject } from '../validation/rule';
import { isoToLegacyStamp, legacyStampToIso } from './legacy-date';
import { PRACTITIONER_COLUMNS, PRACTITIONER_TABLE } from './practitioner-columns';
import { LegacyPractitionerRowInput } from './practitioner-row.input';

const CONTEXT = `${PRACTITIONER_TABLE} row`;

/**
 * A PRAC_MST row (a CDC `after`, or a row the clinic answered) as a domain practitioner. Other
 * columns are ignored, so a column added to the legacy table does not stop the sync. Throws
 * LegacyTranslationError for a row that breaks the legacy rules.
 */
export function practitionerFromLegacyRow(row: unknown): Practitioner {
  const input = checkedRow(row, CONTEXT);
  return {
    id: input.PRAC_ID,
    name: { given: input.PRAC_FNAME, family: input.PRAC_LNAME },
    specialty: input.PRAC_SPEC === '' ? null : input.PRAC_SPEC,
    npi: input.PRAC_NPI === '' ? null : input.PRAC_NPI,
    active: input.PRAC_ACTV === 'Y',
    createdAt: legacyStampToIso(input.PRAC_CRT_DT),
    updatedAt: legacyStampToIso(input.PRAC_UPD_DT),
  };
}

/**
 * A domain practitioner as a PRAC_MST row: every column in table order, '' where the domain has
 * null. This is also the clinic's JSON for the practitioner. Throws LegacyTranslationError when
 * the monolith could not store it.
 */
export function practitionerToLegacyRow(practitioner: Practitioner): Record<string, unknown> {
  const row = {
    PRAC_ID: practitioner.id,
    PRAC_FNAME: practitioner.name.given,
    PRAC_LNAME: practitioner.name.family,
    PRAC_SPEC: practitioner.specialty ?? '',
    PRAC_NPI: practitioner.npi ?? '',
    PRAC_ACTV: practitioner.active ? 'Y' : 'N',
    PRAC_CRT_DT: isoToLegacyStamp(practitioner.createdAt),
    PRAC_UPD_DT: isoToLegacyStamp(practitioner.updatedAt),
  };
  checkedRow(row, `practitioner for ${PRACTITIONER_TABLE}`);
  return row;
}

/** The primary key of a PRAC_MST row, e.g. from a delete event's `before`. */
export function practitionerIdFromLegacyRow(row: unknown): number {
  const id = isPlainObject(row) ? row.PRAC_ID : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
    throw new LegacyTranslationError('PRAC_ID', 'a positive integer id', CONTEXT);
  }
  return id;
}

function checkedRow(row: unknown, context: string): LegacyPractitionerRowInput {
  if (!isPlainObject(row)) throw new LegacyTranslationError('row', 'an object', context);
  const input = new LegacyPractitionerRowInput();
  for (const column of PRACTITIONER_COLUMNS) Object.assign(input, { [column]: row[column] });
  assertValid(input, context);
  return input;
}
