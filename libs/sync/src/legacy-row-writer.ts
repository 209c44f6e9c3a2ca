import type { RowDataPacket } from 'mysql2/promise';
import type { LegacyDatabase } from './legacy-database';
import { markSyncTransaction } from './sync-marker';

export type LegacyWriteOutcome = 'inserted' | 'updated' | 'skipped';

/** Who decides a write: the legacy system until cutover, the service after it. */
export type SystemOfRecordPhase = 'legacy' | 'service';

/** A legacy table as write-back writes it: its key and the column that orders its versions. */
export interface LegacyRowShape {
  table: string;
  keyColumn: string;
  /**
   * A counter or a `YYYYMMDDHHMMSS` stamp: compared as numbers, so a larger value is newer and an
   * empty stamp is older than any.
   */
  versionColumn: string;
}

/**
 * Write-back's only write: a translated row into a legacy table, in a transaction marked as the
 * sync's (so the legacy → service connector skips it), and never over a version the legacy side
 * has moved past. A row at the same version is left alone while the legacy system is the system of
 * record (it holds the service's write already, or its own change won); after cutover the
 * service's change wins, so a row that differs is overwritten. Writing the same row twice changes
 * nothing the second time.
 */
export class LegacyRowWriter {
  constructor(
    private readonly legacy: LegacyDatabase,
    private readonly shape: LegacyRowShape,
    private readonly phase: SystemOfRecordPhase = 'legacy',
  ) {}

  write(row: Record<string, unknown>): Promise<LegacyWriteOutcome> {
    const { table, keyColumn, versionColumn } = this.shape;
    const id = row[keyColumn];
    const version = Number(row[versionColumn]);
    return this.legacy.transaction(async (conn) => {
      await markSyncTransaction(
        (sql, params) => conn.query(sql, params),
        'legacy-write-back',
        this.legacy.markerTable,
      );
      const [stored] = await conn.query<RowDataPacket[]>(
        'SELECT * FROM ?? WHERE ?? = ? FOR UPDATE',
        [table, keyColumn, id],
      );
      const current = stored[0];
      if (!current) {
        await conn.query('INSERT INTO ?? SET ?', [table, row]);
        return 'inserted';
      }
      const held = Number(current[versionColumn]);
      if (held > version) return 'skipped';
      if (held === version && (this.phase === 'legacy' || sameRow(current, row))) return 'skipped';
      const { [keyColumn]: _key, ...columns } = row;
      await conn.query('UPDATE ?? SET ? WHERE ?? = ?', [table, columns, keyColumn, id]);
      return 'updated';
    });
  }
}

/** Column by column, as the legacy driver returns them (dates as strings, ints as numbers). */
function sameRow(stored: RowDataPacket, row: Record<string, unknown>): boolean {
  return Object.entries(row).every(([column, value]) => String(stored[column]) === String(value));
}
