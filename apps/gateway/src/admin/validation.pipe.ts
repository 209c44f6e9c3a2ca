import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AdminError } from './admin-errors';

interface FieldProblem {
  field: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validates bodies and queries against their DTO classes; unknown fields are refused, so a typo
 * ("wieght") is an error rather than silently ignored. A failure is a 400 problem naming each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new AdminError(
        400,
        'FICUS_ADMIN_BAD_REQUEST',
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        { details: { errors: problems } },
      );
    },
  });
}
