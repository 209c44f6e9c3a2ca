import { PATIENT_KEY_COLUMN, PATIENT_TABLE, PATIENT_VERSION_COLUMN } from '@ficus/legacy-adapter';
import type { RowDataPacket } from 'mysql2/promise';
import type { SystemOfRecordPhase } from '../../domain/patient-system-of-record.port';
import { markSyncTransaction, type LegacyDatabase } from '@ficus/sync';

export type LegacyWriteOutcome = 'inserted' | 'updated' | 'skipped';

/**
 * Write-back's only write: a translated patient row into the clinic's table, in a transaction
 * marked as the sync's (so the clinic → service connector skips it), and never over a version the
 * clinic has moved past. A row at the same version is left alone while the clinic is the system of
 * record (it holds the service's write already, or its own change won); after cutover the
 * service's change wins, so a row that differs is overwritten.
 */
export class LegacyPatientWriter {
  constructor(
    private readonly clinic: LegacyDatabase,
    private readonly phase: SystemOfRecordPhase = 'legacy',
  ) {}

  write(row: Record<string, unknown>): Promise<LegacyWriteOutcome> {
    const id = row[PATIENT_KEY_COLUMN];
    const version = Number(row[PATIENT_VERSION_COLUMN]);
    return this.clinic.transaction(async (conn) => {
      await markSyncTransaction(
        (sql, params) => conn.query(sql, params),
        'legacy-write-back',
        this.clinic.markerTable,
      );
      const [stored] = await conn.query<RowDataPacket[]>(
        'SELECT * FROM ?? WHERE ?? = ? FOR UPDATE',
        [PATIENT_TABLE, PATIENT_KEY_COLUMN, id],
      );
      const current = stored[0];
      if (!current) {
        await conn.query('INSERT INTO ?? SET ?', [PATIENT_TABLE, row]);
        return 'inserted';
      }
      const held = Number(current[PATIENT_VERSION_COLUMN]);
      if (held > version) return 'skipped';
      if (held === version && (this.phase === 'legacy' || sameRow(current, row))) return 'skipped';
      const { [PATIENT_KEY_COLUMN]: _key, ...columns } = row;
      await conn.query('UPDATE ?? SET ? WHERE ?? = ?', [
        PATIENT_TABLE,
        columns,
        PATIENT_KEY_COLUMN,
        id,
      ]);
      return 'updated';
    });
  }
}

/** Column by column, as the clinic's driver returns them (dates as strings, ints as numbers). */
function sameRow(stored: RowDataPacket, row: Record<string, unknown>): boolean {
  return Object.entries(row).every(([column, value]) => String(stored[column]) === String(value));
}
