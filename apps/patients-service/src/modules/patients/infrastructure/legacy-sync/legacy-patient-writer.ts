import { PATIENT_KEY_COLUMN, PATIENT_TABLE, PATIENT_VERSION_COLUMN } from '@ficus/legacy-adapter';
import { LegacyRowWriter, type LegacyDatabase } from '@ficus/sync';
import type { SystemOfRecordPhase } from '../../domain/patient-system-of-record.port';

/** Write-back's writer for PATIENT_MST, ordered by PAT_VER (see LegacyRowWriter). */
export class LegacyPatientWriter extends LegacyRowWriter {
  constructor(clinic: LegacyDatabase, phase: SystemOfRecordPhase = 'legacy') {
    super(
      clinic,
      {
        table: PATIENT_TABLE,
        keyColumn: PATIENT_KEY_COLUMN,
        versionColumn: PATIENT_VERSION_COLUMN,
      },
      phase,
    );
  }
}
