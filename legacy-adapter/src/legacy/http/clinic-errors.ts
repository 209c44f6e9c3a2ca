import type { FicusError } from '@ficus/core';

/**
 * The clinic's HTTP conventions, which a carved-out service reproduces so that clients cannot
 * tell it from the monolith: its merge header, its body size limit, and its error body
 * `{ error: { code, message, field?, expected?, details? } }` with the clinic's own codes and
 * wording (apps/legacy-clinic/src/http/error-handler.ts).
 */
export const MERGED_FROM_HEADER = 'X-Clinic-Merged-From';

/** The clinic's JSON body limit, so that the same bodies are accepted and refused by both. */
export const CLINIC_BODY_LIMIT = '100kb';

export interface ClinicError {
  code: string;
  message: string;
  field?: string;
  expected?: string;
  details?: Record<string, unknown>;
}

/** A status and the whole JSON body the clinic answers it with. */
export interface ClinicErrorResponse {
  status: number;
  body: { error: ClinicError };
}

/** The clinic's messages start with their code, as Ficus's do. */
export function clinicError(
  status: number,
  code: string,
  message: string,
  extra: Omit<ClinicError, 'code' | 'message'> = {},
): ClinicErrorResponse {
  return { status, body: { error: { code, message: `${code}: ${message}`, ...extra } } };
}

/** A Ficus error's message without its code, which the clinic's code replaces. */
export function clinicDetail(err: FicusError): string {
  return err.message.slice(err.code.length + 2);
}

/** A field the clinic's rules refuse: the name and what was expected, never the value. */
export function clinicInvalidField(field: string, expected: string): ClinicErrorResponse {
  return clinicError(400, 'CLINIC_INVALID_FIELD', `${field}: expected ${expected}`, {
    field,
    expected,
  });
}

/** A record the clinic does not have; `field` names the request member that pointed at it. */
export function clinicNotFound(detail: string, id: number, field?: string): ClinicErrorResponse {
  return clinicError(404, 'CLINIC_NOT_FOUND', detail, {
    ...(field === undefined ? {} : { field }),
    details: { id },
  });
}

/** A patient merged into another, who is the one to write to now. */
export function clinicPatientMerged(
  detail: string,
  id: number,
  mergedInto: number,
): ClinicErrorResponse {
  return clinicError(409, 'CLINIC_PATIENT_MERGED', detail, { details: { id, mergedInto } });
}

/** A row lock another request holds: retrying shortly helps. */
export function clinicBusy(): ClinicErrorResponse {
  return clinicError(503, 'CLINIC_BUSY', 'the record is locked by another request; retry shortly');
}

/** Any other failure; the details stay in the service's log. */
export function clinicInternalError(): ClinicErrorResponse {
  return clinicError(500, 'CLINIC_INTERNAL', 'internal error');
}

/** What a body the JSON parser refused answers (malformed, too large, bad charset). */
export function clinicBadBody(status: number): ClinicErrorResponse {
  return clinicError(
    status,
    'CLINIC_BAD_BODY',
    `the request body is not readable JSON (at most ${CLINIC_BODY_LIMIT})`,
    { field: 'body', expected: 'a JSON object' },
  );
}

/** An unknown URL, in the same shape as every other error. */
export function clinicRouteNotFound(method: string): ClinicErrorResponse {
  return clinicError(404, 'CLINIC_ROUTE_NOT_FOUND', `no route for ${method} on this path`);
}
