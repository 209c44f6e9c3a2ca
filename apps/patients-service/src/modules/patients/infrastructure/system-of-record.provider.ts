import type { Provider } from '@nestjs/common';
import type { SystemOfRecord } from '../../../config/patients-config';
import {
  PATIENT_SYSTEM_OF_RECORD,
  SYSTEM_OF_RECORD_PHASE,
} from '../domain/patient-system-of-record.port';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';
import { LegacyDatabase } from '@ficus/sync';
import {
  LegacySystemOfRecord,
  moveMergedRecordsInClinic,
} from './legacy-sync/legacy-system-of-record';
import { ServiceSystemOfRecord } from './service-system-of-record';

/** The clinic decides while it is the system of record; the service after cutover, or alone. */
export const systemOfRecordProvider: Provider = {
  provide: PATIENT_SYSTEM_OF_RECORD,
  inject: [PATIENT_REPOSITORY, SYSTEM_OF_RECORD_PHASE, { token: LegacyDatabase, optional: true }],
  useFactory: (
    patients: PatientRepositoryPort,
    phase: SystemOfRecord,
    clinic: LegacyDatabase | undefined,
  ) => {
    if (!clinic) return new ServiceSystemOfRecord(patients);
    if (phase === 'legacy') return new LegacySystemOfRecord(clinic, patients);
    return new ServiceSystemOfRecord(patients, (fromId, intoId, atIso, options) =>
      moveMergedRecordsInClinic(clinic, fromId, intoId, atIso, options),
    );
  },
};
