import { ApiErrorFilter, fhirErrors, fhirOutcome, type FhirErrorAnswer } from '@ficus/service-kit';
import { SchedulingNotFoundError } from '../../domain/scheduling-errors';

const RESOURCE_OF = {
  patient: 'Patient',
  practitioner: 'Practitioner',
  appointment: 'Appointment',
};

/** https://hl7.org/fhir/R4/http.html — the status codes FHIR prescribes for each failure. */
function schedulingErrorOutcome(err: unknown): FhirErrorAnswer | undefined {
  if (err instanceof SchedulingNotFoundError) {
    return fhirOutcome(404, 'not-found', `${RESOURCE_OF[err.subject]}/${err.id} is not known`);
  }
  return undefined;
}

/** The FHIR API's errors, every one an OperationOutcome. */
export const schedulingFhirErrors = fhirErrors(schedulingErrorOutcome);

/** Every error of the FHIR API leaves as an OperationOutcome. */
export const OperationOutcomeFilter = ApiErrorFilter(schedulingFhirErrors, 'FHIR request failed');
