import type { StoredOffset } from './offsets/stored-offset';

export type ConnectorState =
  | 'created'
  | 'starting'
  | 'snapshotting'
  | 'streaming'
  | 'reconnecting'
  | 'stopping'
  | 'stopped'
  | 'failed';

/** What `ficus-cdc status` and GET /status report. Positions and counts only, never row data. */
export interface ConnectorStatus {
  serverName: string;
  state: ConnectorState;
  transport: string;
  /** The last committed offset. */
  position: StoredOffset | null;
  /** Binlog timestamp of the newest acknowledged change; null before any. */
  lastChangeTsMs: number | null;
  lagMs: { p50: number | null; p99: number | null; samples: number };
  bufferedRecords: number;
  binlogPaused: boolean;
  error: string | null;
}
