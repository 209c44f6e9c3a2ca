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
  LegacyTranslationError,
  type ClinicErrorResponse,
} from '@ficus/legacy-adapter';
import { isLockContention, jsonErrors } from '@ficus/service-kit';
import {
  PatientMergedError,
  PatientMergeTargetMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../../domain/patient-errors';

/** The clinic's code and wording for each failure, so that clients cannot tell the two apart. */
export function clinicErrorAnswer(err: unknown): ClinicErrorResponse {
  if (err instanceof LegacyTranslationError) return clinicInvalidField(err.field, err.expected);
  if (err instanceof PatientNotFoundError) {
    return clinicNotFound(clinicDetail(err), err.id, err.field);
  }
  if (err instanceof PatientVersionConflictError) {
    return clinicError(409, 'CLINIC_VERSION_CONFLICT', clinicDetail(err), {
      details: { id: err.id, currentVersion: err.currentVersion },
    });
  }
  if (err instanceof PatientMergedError) {
    return clinicPatientMerged(clinicDetail(err), err.id, err.mergedInto);
  }
  if (err instanceof PatientMergeTargetMergedError) {
    return clinicError(409, 'CLINIC_MERGE_TARGET_MERGED', clinicDetail(err), {
      details: { into: err.into, mergedInto: err.mergedInto },
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
