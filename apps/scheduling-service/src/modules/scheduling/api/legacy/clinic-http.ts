import { LegacyTranslationError, legacyAppointmentStatusCode } from '@ficus/legacy-adapter';
import type { FicusError } from '@ficus/core';
import { isLockContention } from '../../../../http/error-kinds';
import {
  AppointmentNotBookedError,
  PatientDeceasedError,
  PatientMergedError,
  PractitionerInactiveError,
  SchedulingNotFoundError,
  SlotTakenError,
  VisitPastMidnightError,
} from '../../domain/scheduling-errors';

/**
 * The clinic's HTTP conventions, reproduced so that clients cannot tell the service from the
 * monolith: its merge header and its error body `{ error: { code, message, field?, expected?,
 * details? } }` with the clinic's own codes and wording.
 */
export const MERGED_FROM_HEADER = 'X-Clinic-Merged-From';

export interface ClinicErrorBody {
  code: string;
  message: string;
  field?: string;
  expected?: string;
  details?: Record<string, unknown>;
}

export interface ClinicErrorAnswer {
  status: number;
  body: ClinicErrorBody;
}

function answer(
  status: number,
  code: string,
  message: string,
  extra: Omit<ClinicErrorBody, 'code' | 'message'> = {},
): ClinicErrorAnswer {
  return { status, body: { code, message: `${code}: ${message}`, ...extra } };
}

/** The message without the Ficus code prefix, which the clinic's codes replace. */
function detail(err: FicusError): string {
  return err.message.slice(err.code.length + 2);
}

function invalidField(field: string, expected: string): ClinicErrorAnswer {
  return answer(400, 'CLINIC_INVALID_FIELD', `${field}: expected ${expected}`, {
    field,
    expected,
  });
}

export function clinicErrorAnswer(err: unknown): ClinicErrorAnswer {
  if (err instanceof LegacyTranslationError) return invalidField(err.field, err.expected);
  if (err instanceof VisitPastMidnightError) return invalidField(err.field, err.expected);
  if (err instanceof SchedulingNotFoundError) {
    return answer(404, 'CLINIC_NOT_FOUND', detail(err), {
      ...(err.field === undefined ? {} : { field: err.field }),
      details: { id: err.id },
    });
  }
  if (err instanceof SlotTakenError) {
    return answer(409, 'CLINIC_SLOT_TAKEN', detail(err), {
      details: {
        practitionerId: err.practitionerId,
        clashingAppointmentId: err.clashingAppointmentId,
      },
    });
  }
  if (err instanceof PractitionerInactiveError) {
    return answer(409, 'CLINIC_PRACTITIONER_INACTIVE', detail(err), {
      details: { practitionerId: err.practitionerId },
    });
  }
  if (err instanceof AppointmentNotBookedError) {
    const status = legacyAppointmentStatusCode(err.status);
    return answer(
      409,
      'CLINIC_APPOINTMENT_NOT_BOOKED',
      `appointment ${err.id} has status ${status}; only a booked (B) visit can change`,
      { details: { id: err.id, status } },
    );
  }
  if (err instanceof PatientMergedError) {
    return answer(409, 'CLINIC_PATIENT_MERGED', detail(err), {
      details: { id: err.id, mergedInto: err.mergedInto },
    });
  }
  if (err instanceof PatientDeceasedError) {
    return answer(409, 'CLINIC_PATIENT_DECEASED', detail(err), { details: { id: err.id } });
  }
  if (isLockContention(err)) {
    return answer(503, 'CLINIC_BUSY', 'the record is locked by another request; retry shortly');
  }
  return answer(500, 'CLINIC_INTERNAL', 'internal error');
}

/** What a body the JSON parser refused answers (malformed, too large, bad charset). */
export function clinicBadBody(status: number): ClinicErrorAnswer {
  return answer(
    status,
    'CLINIC_BAD_BODY',
    'the request body is not readable JSON (at most 100kb)',
    { field: 'body', expected: 'a JSON object' },
  );
}

/** An unknown URL, in the same shape as every other error. */
export function clinicRouteNotFound(method: string): ClinicErrorAnswer {
  return answer(404, 'CLINIC_ROUTE_NOT_FOUND', `no route for ${method} on this path`);
}
