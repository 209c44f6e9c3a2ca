/**
 * The clean practitioner model the scheduling service owns, aligned with FHIR R4 Practitioner
 * (https://hl7.org/fhir/R4/practitioner.html). The monolith's names for it stay in this library.
 */
export interface Practitioner {
  /** Shared with the monolith during the migration, so appointments name the same practitioner. */
  id: number;
  /** Either part may be '' in old rows: the monolith never required them. */
  name: { given: string; family: string };
  /**
   * The clinic's specialty code as stored ('FP', 'CARD', …), null when none was recorded. Codes
   * outside the known list occur in old rows and are kept as they are.
   */
  specialty: string | null;
  /** National Provider Identifier, null when none was recorded. */
  npi: string | null;
  /** False once the practitioner no longer takes appointments. */
  active: boolean;
  /** ISO-8601 UTC instants; null when the monolith never recorded them. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a practitioner list may be narrowed to, as the clinic's screen offered it. */
export interface PractitionerQuery {
  /** An upper-case specialty code. */
  specialty?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

/** The specialty codes the clinic's screen offered, with their display names. */
export const PRACTITIONER_SPECIALTIES: Readonly<Record<string, string>> = {
  FP: 'family practice',
  IM: 'internal medicine',
  PED: 'paediatrics',
  CARD: 'cardiology',
  DERM: 'dermatology',
  ORTH: 'orthopaedics',
  OBG: 'obstetrics and gynaecology',
  PSY: 'psychiatry',
  NP: 'nurse practitioner',
};
