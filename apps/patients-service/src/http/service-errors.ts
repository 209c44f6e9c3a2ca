import type { ServiceErrors } from '@ficus/service-kit';
import { clinicErrors } from '../modules/patients/api/legacy/clinic-http';
import { patientsFhirErrors } from '../modules/patients/api/fhir/operation-outcome.filter';

/** How the service says no: the clinic's error JSON, and an OperationOutcome under /fhir. */
export const SERVICE_ERRORS: ServiceErrors = { legacy: clinicErrors, fhir: patientsFhirErrors };
