import { type Response } from 'express';
import { type Pool } from 'mysql2/promise';
import { notFound } from '../http/errors';
import { idText, parseInput } from '../http/validation';
import { resolveSurvivor, type ResolvedPatient } from './merge-resolution';

/**
 * Reads by id answer with the survivor of a merge (200, the survivor's row) rather than a
 * redirect: the old screens did the same, and clients that never learned about merges keep
 * working. This header lists the merged ids walked through, for the clients that care.
 */
export const MERGED_FROM_HEADER = 'X-Clinic-Merged-From';

/** Reads `:id`, following a merge to its survivor; 400 on a malformed id, 404 on an unknown one. */
export async function readPatientOr404(pool: Pool, idParam: unknown): Promise<ResolvedPatient> {
  const id = parseInput(idText, idParam, 'id');
  const resolved = await resolveSurvivor(pool, id);
  if (!resolved) throw notFound('patient', id);
  return resolved;
}

export function sendMergedFrom(res: Response, resolved: ResolvedPatient): void {
  if (resolved.mergedFrom.length > 0) res.set(MERGED_FROM_HEADER, resolved.mergedFrom.join(','));
}
