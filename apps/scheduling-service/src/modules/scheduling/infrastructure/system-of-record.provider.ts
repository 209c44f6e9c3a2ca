import type { Provider } from '@nestjs/common';
import {
  APPOINTMENT_SYSTEM_OF_RECORD,
  SCHEDULING_PHASE,
  type SchedulingPhase,
} from '../domain/appointment-system-of-record.port';
import {
  APPOINTMENT_REPOSITORY,
  type AppointmentRepositoryPort,
} from '../domain/appointment.repository.port';
import { LegacyClinicDatabase } from './legacy-clinic/legacy-clinic-database';
import { LegacySystemOfRecord } from './legacy-clinic/legacy-system-of-record';
import { ServiceSystemOfRecord } from './service-system-of-record';

/** The clinic decides while it is the system of record; the service after cutover, or alone. */
export const systemOfRecordProvider: Provider = {
  provide: APPOINTMENT_SYSTEM_OF_RECORD,
  inject: [
    APPOINTMENT_REPOSITORY,
    SCHEDULING_PHASE,
    { token: LegacyClinicDatabase, optional: true },
  ],
  useFactory: (
    appointments: AppointmentRepositoryPort,
    phase: SchedulingPhase,
    clinic: LegacyClinicDatabase | undefined,
  ) =>
    clinic && phase === 'legacy'
      ? new LegacySystemOfRecord(clinic, appointments)
      : new ServiceSystemOfRecord(appointments),
};
