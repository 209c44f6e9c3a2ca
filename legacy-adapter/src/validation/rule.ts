import { registerDecorator } from 'class-validator';

/**
 * Checks a value and returns what was expected of it when it fails, or undefined when it passes.
 * One check per property keeps the reported problem deterministic: the first failing property
 * names the one expectation that failed, worded as the legacy API has always worded it.
 */
export type Check = (value: unknown) => string | undefined;

/** A class-validator property decorator running one Check. */
export function Rule(check: Check): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'legacyRule',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => check(value) === undefined,
        defaultMessage: (args) => check(args?.value) ?? 'a valid value',
      },
    });
  };
}

/** Runs checks in order and reports the first that fails. */
export function allOf(...checks: Check[]): Check {
  return (value) => {
    for (const check of checks) {
      const expected = check(value);
      if (expected !== undefined) return expected;
    }
    return undefined;
  };
}

/** Passes undefined and null through (a member the caller may leave out), checks anything else. */
export function nullish(check: Check): Check {
  return (value) => (value === undefined || value === null ? undefined : check(value));
}

/** Passes undefined through (a member the caller may leave out), checks anything else, null too. */
export function optional(check: Check): Check {
  return (value) => (value === undefined ? undefined : check(value));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters as MariaDB counts them for VARCHAR/CHAR (code points, not UTF-16 units). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
