import { charLength, type Check } from './rule';

/** Reusable checks, each worded as the expectation a failing value did not meet. */
export function text(max: number): Check {
  const expected = `text of at most ${max} characters`;
  return (value) => (typeof value === 'string' && charLength(value) <= max ? undefined : expected);
}

export function nonEmptyText(max: number): Check {
  const expected = `non-empty text of at most ${max} characters`;
  return (value) =>
    typeof value === 'string' && value !== '' && charLength(value) <= max ? undefined : expected;
}

export function integerBetween(min: number, max: number, expected: string): Check {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : expected;
}

export function textMatching(test: (text: string) => boolean, expected: string): Check {
  return (value) => (typeof value === 'string' && test(value) ? undefined : expected);
}
