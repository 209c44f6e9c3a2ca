/**
 * The clean patient model the carved-out services own, aligned with FHIR R4 Patient
 * (https://hl7.org/fhir/R4/patient.html). It says nothing about how the monolith stores a patient:
 * the translators in this library are the only place that knows both.
 */

/**
 * FHIR's administrative gender, without 'other': the monolith cannot record it, and while it is
 * the system of record every patient must be writable back to it. `null` means "not recorded".
 */
export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export interface PatientName {
  /** First given name, then any middle names; never empty. */
  given: string[];
  family: string;
}

export interface PatientAddress {
  /**
   * Street lines in order, at most two. A first line may be '' only when a second one follows,
   * because the position of a line is part of the address.
   */
  line: string[];
  city: string | null;
  state: string | null;
  postalCode: string | null;
}

export interface PatientTelecom {
  /** As the patient gave it; phone numbers were never normalised and are kept as typed. */
  phone: string | null;
  email: string | null;
}

export interface Patient {
  /** Shared with the monolith during the migration, so both sides name a patient the same way. */
  id: number;
  name: PatientName;
  /** 'YYYY-MM-DD', or null when unknown. */
  birthDate: string | null;
  gender: Gender | null;
  /** False for inactive, deceased and merged records. */
  active: boolean;
  deceased: boolean;
  address: PatientAddress | null;
  telecom: PatientTelecom;
  /** The surviving record's id when this one was merged into it (FHIR link "replaced-by"). */
  mergedInto: number | null;
  /** Optimistic-lock version: 1 when created, +1 on every change. */
  version: number;
  /** ISO-8601 UTC instants; null when the monolith never recorded them. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a record's active/deceased/merged flags amount to, for commands that set one of them. */
export type PatientLifecycle = 'active' | 'inactive' | 'deceased';
