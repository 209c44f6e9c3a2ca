import type { Gender, PatientAddress, PatientLifecycle } from './patient';

/** A patient to register: the service assigns the id, the version and the timestamps. */
export interface NewPatient {
  name: { given: string[]; family: string };
  birthDate: string | null;
  gender: Gender | null;
  address: PatientAddress | null;
  phone: string | null;
  email: string | null;
}

/**
 * A partial change, made from a version the caller read. Absent members stay as they are; null
 * clears the member.
 */
export interface PatientChanges {
  /** The first given name. */
  givenName?: string;
  /** The given names after the first, space-separated; null removes them. */
  middleNames?: string | null;
  family?: string;
  birthDate?: string | null;
  gender?: Gender | null;
  lifecycle?: PatientLifecycle;
  address?: PatientAddress | null;
  phone?: string | null;
  email?: string | null;
}

export interface PatientUpdate {
  /** The version the caller read; the change applies only if the record is still at it. */
  version: number;
  changes: PatientChanges;
}

/** A name-and-birth-date lookup, as the front desk does it. */
export interface PatientSearchCriteria {
  /** Case-insensitive prefix of the family name. */
  familyPrefix?: string;
  /** Case-insensitive prefix of the first given name. */
  givenPrefix?: string;
  birthDate?: string;
  limit: number;
  offset: number;
}

/** What a merge did: the record merged, its survivor, and what moved to the survivor. */
export interface PatientMerge {
  id: number;
  into: number;
  /** Appointments and invoices belong to the monolith while it keeps them. */
  appointmentsMoved: number;
  invoicesMoved: number;
  /** Records merged into `id` earlier, now pointing at `into`. */
  patientsRepointed: number;
}
