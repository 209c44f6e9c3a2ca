import { FhirRequestError } from '@ficus/service-kit';

const ID = /^[1-9]\d{0,9}$/;

/** `Patient/12` or `12` → 12, for reference search parameters. */
export function referenceId(value: unknown, resourceType: string, parameter: string): number {
  const text = typeof value === 'string' ? value.replace(new RegExp(`^${resourceType}/`), '') : '';
  if (ID.test(text) && Number(text) <= 2_147_483_647) return Number(text);
  throw FhirRequestError.invalid(
    `${parameter} must be a ${resourceType} reference such as ${resourceType}/1`,
    parameter,
  );
}

/** `_count` and `_offset` (https://hl7.org/fhir/R4/search.html#count), 50 a page by default. */
export function paging(query: Record<string, unknown>): { limit: number; offset: number } {
  const count = query._count ?? '50';
  const offset = query._offset ?? '0';
  if (
    typeof count !== 'string' ||
    !/^\d{1,4}$/.test(count) ||
    Number(count) < 1 ||
    Number(count) > 1000
  ) {
    throw FhirRequestError.invalid('_count must be an integer from 1 to 1000', '_count');
  }
  if (typeof offset !== 'string' || !/^\d{1,9}$/.test(offset)) {
    throw FhirRequestError.invalid('_offset must be an integer of at least 0', '_offset');
  }
  return { limit: Number(count), offset: Number(offset) };
}

/** A FHIR `date` search value for one day: `2031-03-03` or `eq2031-03-03`. */
export function dayParameter(value: unknown, parameter: string): string {
  const match = typeof value === 'string' ? /^(?:eq)?(\d{4}-\d{2}-\d{2})$/.exec(value) : null;
  const day = match?.[1];
  if (day === undefined || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw FhirRequestError.invalid(`${parameter} must be one day, YYYY-MM-DD`, parameter);
  }
  return day;
}
