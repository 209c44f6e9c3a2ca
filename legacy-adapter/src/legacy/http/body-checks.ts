import { Transform } from 'class-transformer';
import { type Check } from '../../validation/rule';
import { text, textMatching } from '../../validation/checks';
import { isIsoDate } from '../legacy-date';
import { ADDRESS_DELIMITER } from '../packed-address';

/**
 * The clinic API's input rules, worded exactly as the clinic words them: the carved-out service
 * answers a bad request with the same `field` and `expected` as the monolith, so clients (and the
 * gateway's parity check) cannot tell the two apart.
 */
export const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export const isoDate: Check = textMatching(isIsoDate, 'a date YYYY-MM-DD');

/** A birth date: a real date, not after today (UTC, as the clinic's server runs). */
export const pastIsoDate: Check = (value) => {
  const expected = isoDate(value);
  if (expected !== undefined) return expected;
  const today = new Date().toISOString().slice(0, 10);
  return (value as string) <= today ? undefined : 'a date YYYY-MM-DD, not in the future';
};

export function addressPart(max: number): Check {
  const asText = text(max);
  return (value) => {
    const expected = asText(value);
    if (expected !== undefined) return expected;
    return (value as string).includes(ADDRESS_DELIMITER)
      ? `text of at most ${max} characters without '${ADDRESS_DELIMITER}'`
      : undefined;
  };
}

export function oneOf(values: readonly string[], expected: string): Check {
  return (value) => (typeof value === 'string' && values.includes(value) ? undefined : expected);
}

export const SEX_INPUT_EXPECTED = "one of 'M', 'F', 'U' or ''";
export const sexInput = oneOf(['M', 'F', 'U', ''], SEX_INPUT_EXPECTED);
