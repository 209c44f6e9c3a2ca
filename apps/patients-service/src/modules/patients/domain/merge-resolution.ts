import type { Patient } from '@ficus/legacy-adapter';

/**
 * Same walk as the clinic's: a merge normally leaves a one-hop pointer, but records merged by old
 * batch jobs can chain; a few hops are followed, and a loop or a dangling pointer stops at the
 * last record found rather than failing the read.
 */
const MAX_MERGE_HOPS = 5;

export interface ResolvedPatient {
  patient: Patient;
  /** The merged ids walked through to reach `patient`, in order; empty when asked for directly. */
  mergedFrom: number[];
}

export async function resolveSurvivor(
  find: (id: number) => Promise<Patient | undefined>,
  id: number,
): Promise<ResolvedPatient | undefined> {
  let patient = await find(id);
  if (!patient) return undefined;
  const mergedFrom: number[] = [];
  while (patient.mergedInto !== null && mergedFrom.length < MAX_MERGE_HOPS) {
    const next = await find(patient.mergedInto);
    if (!next) break;
    mergedFrom.push(patient.id);
    patient = next;
  }
  return { patient, mergedFrom };
}
