import { ApiErrorFilter } from '@ficus/service-kit';
import { clinicErrors } from './clinic-http';

/** Every error of the legacy-compatible API leaves in the clinic's JSON error shape. */
export const ClinicErrorFilter = ApiErrorFilter(clinicErrors, 'legacy API request failed');
