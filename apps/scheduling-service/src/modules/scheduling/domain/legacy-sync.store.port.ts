import type { Appointment, Practitioner } from '@ficus/legacy-adapter';
import type { PatientReference } from './patient-reference';
import type { Synced } from './sync-decision';

export const LEGACY_SYNC_STORE = Symbol('LegacySyncStorePort');

/** The records a legacy change can write, by kind. */
export interface SyncedRecords {
  practitioner: Practitioner;
  appointment: Appointment;
  patient: PatientReference;
}
export type SyncedKind = keyof SyncedRecords;

/** Reads and writes inside one transaction that holds the record's row lock until commit. */
export interface SyncTransaction {
  lock<K extends SyncedKind>(kind: K, id: number): Promise<Synced<SyncedRecords[K]> | undefined>;
  upsert<K extends SyncedKind>(
    kind: K,
    record: SyncedRecords[K],
    sourcePosition: string,
  ): Promise<void>;
  delete(kind: SyncedKind, id: number): Promise<void>;
}

export interface LegacySyncStorePort {
  /**
   * Runs `work` in one transaction, marked as the sync's (first in the transaction) so that the
   * write-back connector tells it from the service's own writes (no echo).
   */
  inSyncTransaction<T>(work: (tx: SyncTransaction) => Promise<T>): Promise<T>;
}
