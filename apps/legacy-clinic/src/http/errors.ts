import { FicusError } from '@ficus/core';

/**
 * An error the HTTP layer turns into a JSON answer. Its message and details go to the client, so
 * they name fields, ids and codes only, never the patient values that were sent.
 */
export class ClinicHttpError extends FicusError {
  readonly status: number;
  readonly field: string | undefined;
  readonly expected: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { field?: string; expected?: string; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { details: extra.details ?? {} });
    this.status = status;
    this.field = extra.field;
    this.expected = extra.expected;
  }
}

export function invalidField(field: string, expected: string): ClinicHttpError {
  return new ClinicHttpError(400, 'CLINIC_INVALID_FIELD', `${field}: expected ${expected}`, {
    field,
    expected,
  });
}

export function notFound(what: string, id: number, field?: string): ClinicHttpError {
  return new ClinicHttpError(404, 'CLINIC_NOT_FOUND', `${what} ${id} does not exist`, {
    ...(field === undefined ? {} : { field }),
    details: { id },
  });
}

export function conflict(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ClinicHttpError {
  return new ClinicHttpError(409, code, message, { details });
}
