import type { BinlogPosition } from '@ficus/contracts';

/** Which record of a binlog row (or which DDL statement) a key is for. */
export type RecordRole = 'c' | 'u' | 'd' | 'r' | 't' | 'tombstone' | 'ddl';

/**
 * `<gtid, or file:pos of the transaction>:<row event index in the transaction>:<row index>:<role>`.
 * Built only from the binlog coordinates, so a redelivered record carries the same key; the event
 * index and role keep it unique when a transaction spans several row events and when one row
 * yields several records (delete + tombstone, or a primary-key change's delete, tombstone, create).
 */
export function idempotencyKey(position: BinlogPosition, row: number, role: RecordRole): string {
  const transaction = position.gtid ?? `${position.file}:${position.pos}`;
  return `${transaction}:${position.eventsToSkip}:${row}:${role}`;
}
