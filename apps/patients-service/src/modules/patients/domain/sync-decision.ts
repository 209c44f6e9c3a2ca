import { isDeepStrictEqual } from 'node:util';
import type { Patient } from '@ficus/legacy-adapter';
import {
  compareSourcePositions,
  parseSourcePosition,
  type SourcePosition,
} from './source-position';
import type { SyncedPatient } from './patient.repository.port';
import type { SystemOfRecordPhase } from './patient-system-of-record.port';

export type UpsertDecision = 'insert' | 'update' | 'skip-stale' | 'skip-duplicate';
export type DeleteDecision = 'delete' | 'skip-absent' | 'skip-stale';

/**
 * Whether a legacy row should overwrite what the service holds. PAT_VER orders changes: an older
 * version never overwrites a newer one, and the same version is already applied, unless the row
 * differs and was read later in the binlog (a legacy job that changed the row without bumping
 * PAT_VER). A stored position of null means the service wrote the row itself: then the two sides
 * changed the patient at the same version, and the system of record's change wins (`legacy`: the
 * clinic's row is taken; `service`: it is skipped, and write-back overwrites it).
 */
export function decideUpsert(
  current: SyncedPatient | undefined,
  incoming: Patient,
  position: SourcePosition,
  phase: SystemOfRecordPhase = 'legacy',
): UpsertDecision {
  if (!current) return 'insert';
  if (incoming.version > current.patient.version) return 'update';
  if (incoming.version < current.patient.version) return 'skip-stale';
  if (isDeepStrictEqual(incoming, current.patient)) return 'skip-duplicate';
  if (current.sourcePosition === null && phase === 'service') return 'skip-stale';
  const stored =
    current.sourcePosition === null ? undefined : parseSourcePosition(current.sourcePosition);
  const order = stored === undefined ? 1 : compareSourcePositions(position, stored);
  return order > 0 ? 'update' : order === 0 ? 'skip-duplicate' : 'skip-stale';
}

/** A delete of the row as it was at `version`; a newer stored version means it came back since. */
export function decideDelete(current: SyncedPatient | undefined, version: number): DeleteDecision {
  if (!current) return 'skip-absent';
  return current.patient.version > version ? 'skip-stale' : 'delete';
}
