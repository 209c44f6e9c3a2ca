import { Expose } from 'class-transformer';
import type { PatientSearchCriteria } from '../../domain/patient-command';
import { optional, Rule, type Check } from '../../validation/rule';
import { text } from '../../validation/checks';
import { isoDate, Trimmed } from './body-checks';
import { readInput } from './request-input';

const NAME_PREFIX_EXPECTED = "a name prefix: 'last' or 'last, first'";
const namePrefix: Check = (value) =>
  text(81)(value) ?? ((value as string) === '' ? NAME_PREFIX_EXPECTED : undefined);

const LIMIT_EXPECTED = 'an integer from 1 to 500';
const limit: Check = (value) =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) >= 1 && Number(value) <= 500
    ? undefined
    : LIMIT_EXPECTED;
const offset: Check = (value) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? undefined : 'an integer of at least 0';

/** `GET /api/patients?name=&dob=&limit=&offset=`, as query-string text. */
class SearchPatientsQuery {
  @Expose() @Trimmed() @Rule(optional(namePrefix)) name?: string;
  @Expose() @Rule(optional(isoDate)) dob?: string;
  @Expose() @Rule(optional(limit)) limit?: string;
  @Expose() @Rule(optional(offset)) offset?: string;
}

/**
 * The clinic's search query as domain criteria. `name` is a family-name prefix, or
 * 'family, given' for both prefixes; 50 results by default, at most 500.
 */
export function searchCriteriaFromLegacyQuery(query: unknown): PatientSearchCriteria {
  const input = readInput(SearchPatientsQuery, query);
  const criteria: PatientSearchCriteria = {
    limit: input.limit === undefined ? 50 : Number(input.limit),
    offset: input.offset === undefined ? 0 : Number(input.offset),
  };
  if (input.name !== undefined) {
    // split(',', 2) drops anything after a second comma, as the old search screen did.
    const [family = '', given] = input.name.split(',', 2).map((part) => part.trim());
    if (family !== '') criteria.familyPrefix = family;
    if (given !== undefined && given !== '') criteria.givenPrefix = given;
  }
  if (input.dob !== undefined) criteria.birthDate = input.dob;
  return criteria;
}
