import type { ServiceErrors } from '@ficus/service-kit';
import { clinicErrors } from '../modules/scheduling/api/legacy/clinic-http';
import { schedulingFhirErrors } from '../modules/scheduling/api/fhir/operation-outcome.filter';

/** How the service says no: the clinic's error JSON, and an OperationOutcome under /fhir. */
export const SERVICE_ERRORS: ServiceErrors = { legacy: clinicErrors, fhir: schedulingFhirErrors };
