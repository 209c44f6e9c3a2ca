import { PATIENT_KEY_COLUMN, PATIENT_TABLE, PATIENT_VERSION_COLUMN } from '@ficus/legacy-adapter';
import type { RowDataPacket } from 'mysql2/promise';
import type { LegacyClinicDatabase } from './legacy-clinic-database';
import { markSyncTransaction } from './sync-marker';

export type LegacyWriteOutcome = 'inserted' | 'updated' | 'skipped';

/**
 * Write-back's only write: a translated patient row into the clinic's table, in a transaction
 * marked as the sync's (so the clinic → service connector skips it), and never over a version the
 * clinic already holds or has moved past: the clinic may have changed the patient since.
 */
export class LegacyPatientWriter {
  constructor(private readonly clinic: LegacyClinicDatabase) {}

  write(row: Record<string, unknown>): Promise<LegacyWriteOutcome> {
    const id = row[PATIENT_KEY_COLUMN];
    const version = Number(row[PATIENT_VERSION_COLUMN]);
    return this.clinic.transaction(async (conn) => {
      await markSyncTransaction((sql, params) => conn.query(sql, params), 'legacy-write-back');
      const [stored] = await conn.query<RowDataPacket[]>(
        'SELECT ?? AS version FROM ?? WHERE ?? = ? FOR UPDATE',
        [PATIENT_VERSION_COLUMN, PATIENT_TABLE, PATIENT_KEY_COLUMN, id],
      );
      const current = stored[0];
      if (!current) {
        await conn.query('INSERT INTO ?? SET ?', [PATIENT_TABLE, row]);
        return 'inserted';
      }
      if (Number(current.version) >= version) return 'skipped';
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
