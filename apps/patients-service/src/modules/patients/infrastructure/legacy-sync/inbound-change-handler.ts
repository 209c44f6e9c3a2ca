import type { SyncChangeApplier } from '@ficus/sync';
import type { ApplyLegacyPatientChange } from '../../application/apply-legacy-patient-change';

/**
 * Clinic → service: each PATIENT_MST change, in binlog order, through the use case, which is
 * idempotent and never lets an older PAT_VER win (so redeliveries are harmless). Its writes are
 * marked as the sync's (see PatientTypeormRepository.inSyncTransaction).
 */
export function inboundChangeHandler(apply: ApplyLegacyPatientChange): SyncChangeApplier {
  return async (change) => {
    await apply.run(change);
    return 'applied';
  };
}
