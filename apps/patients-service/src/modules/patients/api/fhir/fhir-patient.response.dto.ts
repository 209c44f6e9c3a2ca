import type { Patient } from '@ficus/legacy-adapter';

/** https://hl7.org/fhir/R4/datatypes.html#HumanName */
export interface FhirHumanName {
  use: 'official';
  family: string;
  given: string[];
}

/** https://hl7.org/fhir/R4/datatypes.html#ContactPoint */
export interface FhirContactPoint {
  system: 'phone' | 'email';
  value: string;
}

/** https://hl7.org/fhir/R4/datatypes.html#Address */
export interface FhirAddress {
  use: 'home';
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
}

/** https://hl7.org/fhir/R4/patient-definitions.html#Patient.link */
export interface FhirPatientLink {
  other: { reference: string };
  type: 'replaced-by';
}

/**
 * A FHIR R4 Patient resource (https://hl7.org/fhir/R4/patient.html). Every member is set here,
 * from the domain, one by one: nothing else can leak into an answer.
 */
export class FhirPatientResponse {
  readonly resourceType = 'Patient';
  id!: string;
  meta!: { versionId: string; lastUpdated?: string };
  active!: boolean;
  name!: FhirHumanName[];
  telecom?: FhirContactPoint[];
  gender?: string;
  birthDate?: string;
  deceasedBoolean!: boolean;
  address?: FhirAddress[];
  link?: FhirPatientLink[];

  static of(patient: Patient): FhirPatientResponse {
    const dto = new FhirPatientResponse();
    dto.id = String(patient.id);
    dto.meta = { versionId: String(patient.version) };
    if (patient.updatedAt !== null) dto.meta.lastUpdated = patient.updatedAt;
    dto.active = patient.active;
    dto.name = [{ use: 'official', family: patient.name.family, given: [...patient.name.given] }];
    const telecom = contactPoints(patient);
    if (telecom.length > 0) dto.telecom = telecom;
    if (patient.gender !== null) dto.gender = patient.gender;
    if (patient.birthDate !== null) dto.birthDate = patient.birthDate;
    dto.deceasedBoolean = patient.deceased;
    if (patient.address !== null) dto.address = [fhirAddress(patient.address)];
    if (patient.mergedInto !== null) {
      dto.link = [{ other: { reference: `Patient/${patient.mergedInto}` }, type: 'replaced-by' }];
    }
    return dto;
  }
}

function contactPoints(patient: Patient): FhirContactPoint[] {
  const points: FhirContactPoint[] = [];
  if (patient.telecom.phone !== null)
    points.push({ system: 'phone', value: patient.telecom.phone });
  if (patient.telecom.email !== null)
    points.push({ system: 'email', value: patient.telecom.email });
  return points;
}

/** FHIR strings may not be empty, so an empty first line (kept in the domain) is left out. */
function fhirAddress(address: NonNullable<Patient['address']>): FhirAddress {
  const out: FhirAddress = { use: 'home' };
  const line = address.line.filter((l) => l !== '');
  if (line.length > 0) out.line = line;
  if (address.city !== null) out.city = address.city;
  if (address.state !== null) out.state = address.state;
  if (address.postalCode !== null) out.postalCode = address.postalCode;
  return out;
}
