import type { RowDataPacket } from 'mysql2/promise';
import type { LegacyClinicDatabase } from './legacy-clinic-database';
import {
  LEGACY_PATIENT_KEY,
  LEGACY_PATIENT_TABLE,
  LEGACY_PATIENT_VERSION,
} from './legacy-patient-table';
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
    const id = row[LEGACY_PATIENT_KEY];
    const version = Number(row[LEGACY_PATIENT_VERSION]);
    return this.clinic.transaction(async (conn) => {
      await markSyncTransaction((sql, params) => conn.query(sql, params), 'legacy-write-back');
      const [stored] = await conn.query<RowDataPacket[]>(
        'SELECT ?? AS version FROM ?? WHERE ?? = ? FOR UPDATE',
        [LEGACY_PATIENT_VERSION, LEGACY_PATIENT_TABLE, LEGACY_PATIENT_KEY, id],
      );
      const current = stored[0];
      if (!current) {
        await conn.query('INSERT INTO ?? SET ?', [LEGACY_PATIENT_TABLE, row]);
        return 'inserted';
      }
      if (Number(current.version) >= version) return 'skipped';
      const { [LEGACY_PATIENT_KEY]: _key, ...columns } = row;
      await conn.query('UPDATE ?? SET ? WHERE ?? = ?', [
        LEGACY_PATIENT_TABLE,
        columns,
        LEGACY_PATIENT_KEY,
        id,
      ]);
      return 'updated';
    });
  }
}
