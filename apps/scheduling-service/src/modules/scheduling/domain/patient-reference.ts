import type { Patient } from '@ficus/legacy-adapter';

/**
 * What scheduling needs to know of a patient, who lives in another service (or still in the
 * clinic): whether the id exists, and whether it may book. The id is the clinic's PAT_ID on both
 * sides, whichever system holds the patient at the time.
 */
export interface PatientReference {
  id: number;
  status: 'active' | 'inactive' | 'deceased' | 'merged';
  mergedInto: number | null;
  /** The patient's own optimistic-lock version, which orders the changes to this reference. */
  version: number;
}

export function patientReferenceOf(patient: Patient): PatientReference {
  const status =
    patient.mergedInto !== null
      ? 'merged'
      : patient.deceased
        ? 'deceased'
        : patient.active
          ? 'active'
          : 'inactive';
  return { id: patient.id, status, mergedInto: patient.mergedInto, version: patient.version };
}

/**
 * A merge normally leaves a one-hop pointer, but records merged by the clinic's old batch jobs
 * can chain; like the clinic, a few hops are followed, and a loop or a dangling pointer stops at
 * the last record found.
 */
const MAX_MERGE_HOPS = 5;

export interface ResolvedPatientReference {
  patient: PatientReference;
  /** The merged ids walked through to reach `patient`, in order. */
  mergedFrom: number[];
}

export async function resolveSurvivor(
  find: (id: number) => Promise<PatientReference | undefined>,
  id: number,
): Promise<ResolvedPatientReference | undefined> {
  let patient = await find(id);
  if (!patient) return undefined;
  const mergedFrom: number[] = [];
  while (
    patient.status === 'merged' &&
    patient.mergedInto !== null &&
    mergedFrom.length < MAX_MERGE_HOPS
  ) {
    const next = await find(patient.mergedInto);
    if (!next) break;
    mergedFrom.push(patient.id);
    patient = next;
  }
  return { patient, mergedFrom };
}
