import { z } from 'zod';
import { isClockTime, isIsoDate } from '../legacy/legacy-date';
import { MAX_CENTS, parseCents } from '../legacy/money';
import { invalidField } from './errors';

/**
 * Input schemas shared by the routes. Each carries, as its message, what a valid value looks like:
 * a 400 answer then says `<field>: expected <that>`, and never repeats the value it got.
 */
export const MAX_DB_INT = 2_147_483_647;

/** Parses `value` or throws a 400 naming the first bad field (prefixed by `where`, e.g. a path param). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [where, ...(issue?.path ?? [])].filter((p) => p !== undefined && p !== '');
  const field = path.length > 0 ? path.map(String).join('.') : 'body';
  throw invalidField(field, issue?.message ?? 'a valid value');
}

/** A JSON body must be an object; an absent body reads as {} so the first missing field is named. */
export function jsonObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => v ?? {}, z.object(shape, { error: 'a JSON object' }));
}

const ID_TEXT = /^[1-9]\d{0,9}$/;

/** An id as it arrives in a path or a query string. */
export const idText = z
  .string({ error: 'a positive integer id' })
  .regex(ID_TEXT, 'a positive integer id')
  .transform(Number)
  .refine((n) => n <= MAX_DB_INT, 'a positive integer id');

/** An id inside a JSON body. */
export const bodyId = z
  .number({ error: 'a positive integer id' })
  .int('a positive integer id')
  .min(1, 'a positive integer id')
  .max(MAX_DB_INT, 'a positive integer id');

export const isoDate = z
  .string({ error: 'a date YYYY-MM-DD' })
  .refine(isIsoDate, 'a date YYYY-MM-DD');

export const clockTime = z
  .string({ error: 'a time HH:MM (24-hour)' })
  .refine(isClockTime, 'a time HH:MM (24-hour)');

/** Text a user may leave out; trimmed, bounded by the column's width. */
export function text(max: number) {
  const expected = `text of at most ${max} characters`;
  return z.string({ error: expected }).trim().max(max, expected);
}

export function requiredText(max: number) {
  const expected = `non-empty text of at most ${max} characters`;
  return z.string({ error: expected }).trim().min(1, expected).max(max, expected);
}

/** An amount as a string ("12.50") or a JSON number (12.5), at most 2 decimals; read as cents. */
export function amount(min: 'zero' | 'positive') {
  const expected =
    min === 'zero'
      ? 'an amount of at least 0 with at most 2 decimals, e.g. "12.50"'
      : 'an amount greater than 0 with at most 2 decimals, e.g. "12.50"';
  return z.union([z.string(), z.number()], { error: expected }).transform((v, ctx) => {
    const cents = parseCents(String(v));
    const lowest = min === 'zero' ? 0n : 1n;
    const ok = cents !== null && cents >= lowest && cents <= MAX_CENTS;
    if (!ok) ctx.addIssue({ code: 'custom', message: expected });
    return cents ?? 0n;
  });
}

export function integerBetween(low: number, high: number) {
  const expected = `an integer from ${low} to ${high}`;
  return z.number({ error: expected }).int(expected).min(low, expected).max(high, expected);
}

/** ?limit=&offset= as query-string text. */
export function paging(defaultLimit: number, maxLimit: number) {
  const limitExpected = `an integer from 1 to ${maxLimit}`;
  const offsetExpected = 'an integer of at least 0';
  return {
    limit: z
      .string({ error: limitExpected })
      .regex(/^\d{1,6}$/, limitExpected)
      .transform(Number)
      .refine((n) => n >= 1 && n <= maxLimit, limitExpected)
      .default(defaultLimit),
    offset: z
      .string({ error: offsetExpected })
      .regex(/^\d{1,9}$/, offsetExpected)
      .transform(Number)
      .default(0),
  };
}
