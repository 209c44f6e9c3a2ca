import type { Pool, RowDataPacket } from 'mysql2/promise';
import { FicusError } from '@ficus/core';
import { readFrom, type StoredOffset } from '../offsets/stored-offset';

/** The binlog files the server still has, oldest first (SHOW BINARY LOGS needs REPLICATION CLIENT). */
export async function binlogFiles(pool: Pool): Promise<Array<{ file: string; size: number }>> {
  const [rows] = await pool.query<RowDataPacket[]>('SHOW BINARY LOGS');
  return rows.map((r) => ({ file: String(r.Log_name), size: Number(r.File_size) }));
}

/** The error for an offset whose binlog file the server has purged: streaming would lose changes. */
export function offsetPurgedError(offset: StoredOffset, oldest: string | undefined): FicusError {
  const from = readFrom(offset);
  const held =
    from.file === offset.file && from.pos === offset.pos
      ? ''
      : ` (it holds a prepared XA transaction that begins at ${from.file}:${from.pos})`;
  return new FicusError(
    'FICUS_CDC_OFFSET_PURGED',
    `the stored offset ${offset.file}:${offset.pos}${held} is in a binlog file the server no longer has ` +
      `(oldest available: ${oldest ?? 'none'}); changes in between are lost to CDC. Re-snapshot: set ` +
      'snapshot.mode to when_needed (or delete the stored offset with snapshot.mode initial), and keep ' +
      'binlogs longer (expire_logs_days / binlog_expire_logs_seconds) than the connector may be down',
    { details: { file: offset.file, pos: offset.pos, oldest } },
  );
}

/** Whether the server lost a file the offset needs (a held XA transaction's start included). */
export function isPurged(offset: StoredOffset, files: Array<{ file: string }>): boolean {
  const needed = [offset.file, readFrom(offset).file];
  return !needed.every((file) => files.some((f) => f.file === file));
}
