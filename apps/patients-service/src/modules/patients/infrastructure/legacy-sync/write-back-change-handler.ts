import type { SyncChangeApplier } from '@ficus/sync';
import type { ExportPatientToLegacy } from '../../application/export-patient-to-legacy';
import type { LegacyPatientWriter } from './legacy-patient-writer';

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
): SyncChangeApplier {
  return async (change) => {
    if (change.op === 'd') return 'ignored';
    const row = await exporter.afterChange(Number(change.after?.id));
    if (row) await writer.write(row);
    return 'applied';
  };
}
