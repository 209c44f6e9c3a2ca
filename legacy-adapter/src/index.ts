/**
 * The anti-corruption layer between the legacy clinic and the carved-out services: domain types
 * and translators in both directions. Legacy row shapes never leave this library; callers pass
 * and receive plain records.
 */
export * from './domain/patient';
export * from './domain/patient-command';
export * from './legacy-translation.error';
export {
  patientFromLegacyRow,
  patientIdFromLegacyRow,
  patientVersionFromLegacyRow,
} from './legacy/patient-from-legacy-row';
export { patientToLegacyPayload, patientToLegacyRow } from './legacy/patient-to-legacy-row';
export { assertStorableByLegacy } from './legacy/patient-fit';
export {
  PATIENT_KEY_COLUMN,
  PATIENT_TABLE,
  PATIENT_VERSION_COLUMN,
} from './legacy/patient-columns';
export { newPatientFromLegacyBody } from './legacy/http/create-patient.body';
export { patientUpdateFromLegacyBody } from './legacy/http/update-patient.body';
export { searchCriteriaFromLegacyQuery } from './legacy/http/search-patients.query';
export { patientIdFromLegacyPath } from './legacy/http/patient-id.param';
export { mergeTargetFromLegacyBody } from './legacy/http/merge-patient.body';
export {
  legacyMergeStatements,
  patientMergeToLegacyPayload,
  type LegacyStatement,
} from './legacy/patient-merge';
export * from './domain/practitioner';
export * from './domain/appointment';
export {
  practitionerFromLegacyRow,
  practitionerIdFromLegacyRow,
  practitionerToLegacyRow,
} from './legacy/practitioner-rows';
export {
  appointmentFromLegacyRow,
  appointmentIdFromLegacyRow,
  appointmentToLegacyRow,
} from './legacy/appointment-rows';
export { appointmentStatusCode as legacyAppointmentStatusCode } from './legacy/appointment-codes';
export { PRACTITIONER_TABLE } from './legacy/practitioner-columns';
export {
  APPOINTMENT_KEY_COLUMN,
  APPOINTMENT_TABLE,
  APPOINTMENT_UPDATED_COLUMN,
} from './legacy/appointment-columns';
export { legacyBookingStatements } from './legacy/appointment-booking';
export {
  appointmentDayToLegacyPayload,
  appointmentToLegacyPayload,
  patientAppointmentsToLegacyPayload,
  practitionerListToLegacyPayload,
  practitionerToLegacyPayload,
} from './legacy/scheduling-payloads';
export {
  bookingFromLegacyBody,
  cancellationReasonFromLegacyBody,
  dayQueryFromLegacyQuery,
  practitionerQueryFromLegacyQuery,
  rescheduleFromLegacyBody,
  schedulingIdFromLegacyPath,
} from './legacy/http/scheduling-requests';
export {
  CLINIC_BODY_LIMIT,
  MERGED_FROM_HEADER,
  clinicBadBody,
  clinicBusy,
  clinicDetail,
  clinicError,
  clinicInternalError,
  clinicInvalidField,
  clinicNotFound,
  clinicPatientMerged,
  clinicRouteNotFound,
  type ClinicError,
  type ClinicErrorResponse,
} from './legacy/http/clinic-errors';
