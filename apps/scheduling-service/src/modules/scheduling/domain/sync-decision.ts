import { isDeepStrictEqual } from 'node:util';

export type UpsertDecision = 'insert' | 'update' | 'skip-stale' | 'skip-duplicate';

/** A stored record and the sortable position of the legacy change that last wrote it. */
export interface Synced<T> {
  record: T;
  /** null: the service wrote it itself. */
  sourcePosition: string | null;
}

/**
 * Whether a legacy row should overwrite what the service holds. With a version (patients carry
 * PAT_VER), an older one never overwrites a newer. Otherwise, and on equal versions, binlog order
 * decides: a change read later wins, one read earlier or again is skipped. A record the service
 * wrote itself is overwritten: while the clinic is the system of record, its row is the truth.
 */
export function decideUpsert<T>(
  current: Synced<T> | undefined,
  incoming: T,
  position: string,
  versionOf?: (record: T) => number,
): UpsertDecision {
  if (!current) return 'insert';
  if (versionOf) {
    const [mine, theirs] = [versionOf(current.record), versionOf(incoming)];
    if (theirs > mine) return 'update';
    if (theirs < mine) return 'skip-stale';
  }
  if (isDeepStrictEqual(incoming, current.record)) return 'skip-duplicate';
  if (current.sourcePosition === null || position > current.sourcePosition) return 'update';
  return position === current.sourcePosition ? 'skip-duplicate' : 'skip-stale';
}
