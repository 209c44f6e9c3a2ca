import type { Connection, RowDataPacket } from 'mysql2/promise';
import { FicusError } from '@ficus/core';

export interface SnapshotPosition {
  file: string;
  pos: number;
  /** Executed GTIDs at that position, when the server has them. */
  gtidSet: string | null;
}

/**
 * Opens a consistent-snapshot transaction on `conn` and returns the binlog position it matches.
 * MariaDB reports that position per session (Binlog_snapshot_file/position), so no global lock is
 * taken: https://mariadb.com/kb/en/enhancements-for-start-transaction-with-consistent-snapshot/.
 * MySQL has no such status: there the position is read under FLUSH TABLES WITH READ LOCK, held
 * only while the snapshot starts (this needs the RELOAD privilege).
 */
export async function openConsistentSnapshot(
  conn: Connection,
  isMariaDb: boolean,
): Promise<SnapshotPosition> {
  await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  if (isMariaDb) {
    await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [rows] = await conn.query<RowDataPacket[]>("SHOW STATUS LIKE 'binlog_snapshot_%'");
    const status = new Map(
      rows.map((r) => [String(r.Variable_name).toLowerCase(), String(r.Value)]),
    );
    const file = status.get('binlog_snapshot_file') ?? '';
    const pos = Number(status.get('binlog_snapshot_position') ?? 0);
    if (!file) throw noBinlog();
    const [gtid] = await conn.query<RowDataPacket[]>('SELECT BINLOG_GTID_POS(?, ?) AS gtid', [
      file,
      pos,
    ]);
    return { file, pos, gtidSet: (gtid[0]?.gtid as string | null) ?? null };
  }
  await conn.query('FLUSH TABLES WITH READ LOCK');
  try {
    await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [rows] = await conn.query<RowDataPacket[]>('SHOW MASTER STATUS');
    const row = rows[0];
    if (!row) throw noBinlog();
    const gtidSet = String(row.Executed_Gtid_Set ?? '').replace(/\s/g, '');
    return { file: String(row.File), pos: Number(row.Position), gtidSet: gtidSet || null };
  } finally {
    await conn.query('UNLOCK TABLES');
  }
}

function noBinlog(): FicusError {
  return new FicusError(
    'FICUS_CDC_BINLOG_OFF',
    'the server reports no binlog position; enable the binlog (log_bin in my.cnf, then restart)',
  );
}
