import { FhirRequestError } from '@ficus/service-kit';
import type { PatientQuery } from '../../domain/patient.repository.port';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 500;

/** One value of a search parameter; a repeated parameter would mean AND, which is not supported. */
function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw FhirRequestError.invalid(`${name} must be given once, with a value`, name);
  }
  return value;
}

function wholeNumber(
  query: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = one(query, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw FhirRequestError.invalid(`${name} must be an integer from ${min} to ${max}`, name);
  }
  return Number(text);
}

/**
 * `GET /fhir/Patient?family=&given=&birthdate=&_count=&_offset=`. Strings match as FHIR says by
 * default: case-insensitive prefixes (https://hl7.org/fhir/R4/search.html#string); a birthdate
 * matches a whole day, with or without the `eq` prefix. Other parameters are ignored (lenient
 * handling, https://hl7.org/fhir/R4/search.html#errors). `_offset` pages, as in HAPI.
 */
export function patientQueryOfFhirSearch(query: Record<string, unknown>): PatientQuery {
  const result: PatientQuery = {
    includeMerged: true,
    limit: wholeNumber(query, '_count', 1, MAX_COUNT) ?? DEFAULT_COUNT,
    offset: wholeNumber(query, '_offset', 0, 999_999_999) ?? 0,
  };
  const family = one(query, 'family');
  if (family !== undefined) result.familyPrefix = family;
  const given = one(query, 'given');
  if (given !== undefined) result.givenPrefix = given;
  const birthdate = one(query, 'birthdate');
  if (birthdate !== undefined) {
    const match = /^(?:eq)?(\d{4}-\d{2}-\d{2})$/.exec(birthdate);
    if (!match)
      throw FhirRequestError.invalid(
        'birthdate must be a day YYYY-MM-DD, optionally prefixed eq',
        'birthdate',
      );
    result.birthDate = match[1] ?? '';
  }
  return result;
}
