import { LegacyTranslationError } from '@ficus/legacy-adapter';
import { ApiErrorFilter, fhirErrors, fhirOutcome, type FhirErrorAnswer } from '@ficus/service-kit';
import {
  PatientMergedError,
  PatientMergeTargetMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../../domain/patient-errors';

/** https://hl7.org/fhir/R4/http.html — the status codes FHIR prescribes for each failure. */
function patientErrorOutcome(err: unknown): FhirErrorAnswer | undefined {
  if (err instanceof PatientNotFoundError) {
    return fhirOutcome(404, 'not-found', `Patient/${err.id} is not known`);
  }
  if (err instanceof PatientVersionConflictError) {
    return fhirOutcome(
      412,
      'conflict',
      `Patient/${err.id} is at version ${err.currentVersion}, not ${err.expectedVersion}: read it again and reapply the change`,
    );
  }
  if (err instanceof PatientMergedError) {
    return fhirOutcome(
      409,
      'conflict',
      `Patient/${err.id} was replaced by Patient/${err.mergedInto}; update that resource`,
    );
  }
  if (err instanceof PatientMergeTargetMergedError) {
    return fhirOutcome(
      409,
      'conflict',
      `Patient/${err.into} was replaced by Patient/${err.mergedInto}; merge into that resource`,
    );
  }
  if (err instanceof LegacyTranslationError) {
    // Valid FHIR that the clinic, still the system of record, cannot hold.
    return fhirOutcome(
      422,
      'business-rule',
      `${err.field}: expected ${err.expected}`,
      `Patient.${err.field}`,
    );
  }
  return undefined;
}

/** The FHIR API's errors, every one an OperationOutcome. */
export const patientsFhirErrors = fhirErrors(patientErrorOutcome);

/** Every error of the FHIR API leaves as an OperationOutcome. */
export const OperationOutcomeFilter = ApiErrorFilter(patientsFhirErrors, 'FHIR request failed');
