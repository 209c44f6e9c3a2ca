import type { Patient } from '@ficus/legacy-adapter';
import { mergeInto } from '../domain/patient-changes';
import {
  PatientMergedError,
  PatientMergeTargetMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../domain/patient-errors';
import type { PatientWriteStore } from '../domain/patient.repository.port';

/** The service's half of a change: only from `expectedVersion`; otherwise says what is there now. */
export async function replaceInService(
  tx: PatientWriteStore,
  updated: Patient,
  expectedVersion: number,
): Promise<void> {
  if (await tx.replaceIfVersion(updated, expectedVersion)) return;
  const current = await tx.lockById(updated.id);
  if (!current) throw new PatientNotFoundError(updated.id);
  if (current.mergedInto !== null) throw new PatientMergedError(updated.id, current.mergedInto);
  throw new PatientVersionConflictError(updated.id, current.version, expectedVersion);
}

/**
 * A merge decided by the service, as the clinic makes it: both records locked in id order (two
 * merges of one pair cannot deadlock), the duplicate pointed at the survivor, and records merged
 * into the duplicate earlier re-pointed, so every pointer stays one hop long. Returns how many were
 * re-pointed.
 */
export async function mergeInService(
  tx: PatientWriteStore,
  fromId: number,
  intoId: number,
  atIso: string,
): Promise<number> {
  const [first, second] = [fromId, intoId].sort((a, b) => a - b);
  const locked = new Map<number, Patient | undefined>();
  for (const id of [first!, second!]) locked.set(id, await tx.lockById(id));
  const from = locked.get(fromId);
  const into = locked.get(intoId);
  if (!from) throw new PatientNotFoundError(fromId);
  if (!into) throw new PatientNotFoundError(intoId, 'into');
  if (from.mergedInto !== null) throw new PatientMergedError(fromId, from.mergedInto);
  if (into.mergedInto !== null) throw new PatientMergeTargetMergedError(intoId, into.mergedInto);
  await replaceInService(tx, mergeInto(from, intoId, atIso), from.version);
  const earlier = await tx.lockMergedInto(fromId);
  for (const patient of earlier) {
    await tx.saveIfNewer(mergeInto(patient, intoId, atIso));
  }
  return earlier.length;
}
