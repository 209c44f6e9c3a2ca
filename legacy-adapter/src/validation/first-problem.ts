import { validateSync, type ValidationError } from 'class-validator';
import { LegacyTranslationError } from '../legacy-translation.error';

/** The dotted path and expectation of the first failing constraint, depth first. */
function firstProblem(
  errors: readonly ValidationError[],
  prefix: string,
): { field: string; expected: string } | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {})[0];
    if (own !== undefined) return { field, expected: own };
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Validates a decorated instance and throws a LegacyTranslationError for the first problem in
 * declaration order. class-validator keeps the offending value on its errors; it goes no further.
 */
export function assertValid(instance: object, context: string): void {
  const errors = validateSync(instance, { stopAtFirstError: true, forbidUnknownValues: false });
  const problem = firstProblem(errors, '');
  if (problem) throw new LegacyTranslationError(problem.field, problem.expected, context);
}
