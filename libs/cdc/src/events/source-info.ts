import type { BinlogPosition, SourceInfo } from '@ficus/contracts';

/** `source.version`: the Ficus connector release that wrote the event. */
export const CONNECTOR_VERSION = '0.1.0';

export interface SourceInput {
  serverName: string;
  database: string;
  table: string | null;
  position: BinlogPosition;
  /** The binlog event's own start, for `source.pos`; the transaction's position otherwise. */
  eventPos?: number;
  row: number;
  tsMs: number;
  serverId: number;
  thread: number | null;
  snapshot: SourceInfo['snapshot'];
}

/** Debezium's MySQL `source` block. `query` stays null: statement text may carry patient data. */
export function sourceInfo(input: SourceInput): SourceInfo {
  return {
    version: CONNECTOR_VERSION,
    connector: 'mysql',
    name: input.serverName,
    ts_ms: input.tsMs,
    snapshot: input.snapshot,
    db: input.database,
    table: input.table,
    server_id: input.serverId,
    gtid: input.position.gtid,
    file: input.position.file,
    pos: input.eventPos ?? input.position.pos,
    row: input.row,
    thread: input.thread,
    query: null,
  };
}
