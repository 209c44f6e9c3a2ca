import type { ChangeHandler } from '@ficus/cdc';
import { PATIENT_TABLE } from '@ficus/legacy-adapter';
import type { ApplyLegacyPatientChange } from '../../application/apply-legacy-patient-change';
import { rowChangeOf } from './change-records';
import { syncFailure } from './sync-failure';

/**
 * Clinic → service: each PATIENT_MST change, in binlog order, through the use case, which is
 * idempotent and never lets an older PAT_VER win (so redeliveries are harmless). Its writes are
 * marked as the sync's (see PatientTypeormRepository.inSyncTransaction).
 */
export function inboundChangeHandler(
  apply: ApplyLegacyPatientChange,
  clinicDatabase: string,
  onApplied: () => void,
): ChangeHandler {
  return async (records) => {
    for (const record of records) {
      const change = rowChangeOf(record, clinicDatabase, PATIENT_TABLE);
      if (!change) continue;
      try {
        await apply.run(change);
      } catch (err) {
        throw syncFailure(err, 'clinic → service');
      }
      onApplied();
    }
  };
}
