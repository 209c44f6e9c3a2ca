import { type Sql } from '../db/sql';
import { findPatient } from './patient.dao';
import { type PatientRow } from './patient.row';

/**
 * A merge normally leaves a one-hop pointer (merges re-point older pointers), but records merged
 * by the old batch jobs can chain; a few hops are followed, and a loop or a dangling pointer stops
 * at the last record found rather than failing the read.
 */
const MAX_MERGE_HOPS = 5;

export interface ResolvedPatient {
  patient: PatientRow;
  /** The merged ids walked through to reach `patient`, in order; empty when asked for directly. */
  mergedFrom: number[];
}

export async function resolveSurvivor(db: Sql, id: number): Promise<ResolvedPatient | undefined> {
  let patient = await findPatient(db, id);
  if (!patient) return undefined;
  const mergedFrom: number[] = [];
  while (patient.PAT_STAT === 'M' && patient.PAT_MRG_TO > 0 && mergedFrom.length < MAX_MERGE_HOPS) {
    const next = await findPatient(db, patient.PAT_MRG_TO);
    if (!next) break;
    mergedFrom.push(patient.PAT_ID);
    patient = next;
  }
  return { patient, mergedFrom };
}
