import type { ChangeHandler } from '@ficus/cdc';
import type { ExportPatientToLegacy } from '../../application/export-patient-to-legacy';
import type { LegacyPatientWriter } from './legacy-patient-writer';
import { rowChangeOf } from './change-records';
import { syncFailure } from './sync-failure';

/** The service's table the write-back connector captures. */
export const SERVICE_PATIENT_TABLE = 'patients';

/**
 * Service → clinic: each change of a patient is written back as the patient stands now, so a
 * burst of changes costs at most one write each and the clinic never receives an intermediate
 * state older than what the service holds. "Now" includes the change being handled: MariaDB and
 * MySQL send a transaction's binlog events before its commit is visible, and a read taken in that
 * instant would return the previous version, which the clinic already holds, so the writer would
 * skip it and the change would never cross. Deletes are not written back: the service deletes
 * only what the clinic deleted (and those writes are marked, so they never arrive here).
 */
export function writeBackChangeHandler(
  exporter: ExportPatientToLegacy,
  writer: LegacyPatientWriter,
  serviceDatabase: string,
  onApplied: () => void,
): ChangeHandler {
  return async (records) => {
    for (const record of records) {
      const change = rowChangeOf(record, serviceDatabase, SERVICE_PATIENT_TABLE);
      if (!change || change.op === 'd') continue;
      const id = Number(change.after?.id);
      try {
        const row = await exporter.afterChange(id);
        if (row) await writer.write(row);
      } catch (err) {
        throw syncFailure(err, 'service → clinic');
      }
      onApplied();
    }
  };
}
