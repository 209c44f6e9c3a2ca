import type { Patient } from '@ficus/legacy-adapter';
import { PatientMapper } from '../../patient.mapper';
import type { FhirPatientResponse } from './fhir-patient.response.dto';

/** https://hl7.org/fhir/R4/bundle.html — a searchset page. */
export interface FhirSearchBundle {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: Array<{ relation: 'self' | 'next'; url: string }>;
  entry: Array<{ fullUrl: string; resource: FhirPatientResponse; search: { mode: 'match' } }>;
}

export function searchBundle(
  patients: Patient[],
  total: number,
  page: { base: string; selfUrl: string; nextUrl?: string },
): FhirSearchBundle {
  const link: FhirSearchBundle['link'] = [{ relation: 'self', url: page.selfUrl }];
  if (page.nextUrl) link.push({ relation: 'next', url: page.nextUrl });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    entry: patients.map((patient) => ({
      fullUrl: `${page.base}/fhir/Patient/${patient.id}`,
      resource: PatientMapper.toResponse(patient),
      search: { mode: 'match' },
    })),
  };
}
