/** One direction of a route target's sync, as GET <target>/sync/status reports it. */
export interface SyncDirectionReading {
  /** The connector's state: streaming, snapshotting, reconnecting, restarting... */
  state: string;
  /** Commit-to-apply lag p99 since the service started; null before any change went through. */
  p99Ms: number | null;
  /** Change events the sync could not apply, kept for replay. */
  deadLetters: number;
}

/**
 * What the gateway knows of a route target's sync (inbound: clinic → service, CDC; writeBack:
 * service → clinic), or why it is not known. Unknown never passes a gate.
 */
export type SyncReading =
  | {
      state: 'known';
      /** Null when the target does not run that direction. */
      inbound: SyncDirectionReading | null;
      writeBack: SyncDirectionReading | null;
    }
  | { state: 'unknown'; why: string };
