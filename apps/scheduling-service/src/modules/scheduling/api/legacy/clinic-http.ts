import {
  clinicBadBody,
  clinicBusy,
  clinicDetail,
  clinicError,
  clinicInternalError,
  clinicInvalidField,
  clinicNotFound,
  clinicPatientMerged,
  clinicRouteNotFound,
  legacyAppointmentStatusCode,
  LegacyTranslationError,
  type ClinicErrorResponse,
} from '@ficus/legacy-adapter';
import { isLockContention, jsonErrors } from '@ficus/service-kit';
import {
  AppointmentNotBookedError,
  PatientDeceasedError,
  PatientMergedError,
  PractitionerInactiveError,
  SchedulingNotFoundError,
  SlotTakenError,
  VisitPastMidnightError,
} from '../../domain/scheduling-errors';

/** The clinic's code and wording for each failure, so that clients cannot tell the two apart. */
export function clinicErrorAnswer(err: unknown): ClinicErrorResponse {
  if (err instanceof LegacyTranslationError) return clinicInvalidField(err.field, err.expected);
  if (err instanceof VisitPastMidnightError) return clinicInvalidField(err.field, err.expected);
  if (err instanceof SchedulingNotFoundError) {
    return clinicNotFound(clinicDetail(err), err.id, err.field);
  }
  if (err instanceof SlotTakenError) {
    return clinicError(409, 'CLINIC_SLOT_TAKEN', clinicDetail(err), {
      details: {
        practitionerId: err.practitionerId,
        clashingAppointmentId: err.clashingAppointmentId,
      },
    });
  }
  if (err instanceof PractitionerInactiveError) {
    return clinicError(409, 'CLINIC_PRACTITIONER_INACTIVE', clinicDetail(err), {
      details: { practitionerId: err.practitionerId },
    });
  }
  if (err instanceof AppointmentNotBookedError) {
    const status = legacyAppointmentStatusCode(err.status);
    return clinicError(
      409,
      'CLINIC_APPOINTMENT_NOT_BOOKED',
      `appointment ${err.id} has status ${status}; only a booked (B) visit can change`,
      { details: { id: err.id, status } },
    );
  }
  if (err instanceof PatientMergedError) {
    return clinicPatientMerged(clinicDetail(err), err.id, err.mergedInto);
  }
  if (err instanceof PatientDeceasedError) {
    return clinicError(409, 'CLINIC_PATIENT_DECEASED', clinicDetail(err), {
      details: { id: err.id },
    });
  }
  if (isLockContention(err)) return clinicBusy();
  return clinicInternalError();
}

/** The legacy-compatible API's errors, in the clinic's envelope. */
export const clinicErrors = jsonErrors({
  answer: clinicErrorAnswer,
  unreadableBody: clinicBadBody,
  routeNotFound: clinicRouteNotFound,
});
