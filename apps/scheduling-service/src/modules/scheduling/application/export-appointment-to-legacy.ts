import { Inject, Injectable } from '@nestjs/common';
import { appointmentToLegacyRow } from '@ficus/legacy-adapter';
import {
  APPOINTMENT_REPOSITORY,
  type AppointmentRepositoryPort,
} from '../domain/appointment.repository.port';

/**
 * Write-back's mapping: a service visit as the APPT_TRN row the clinic should hold, every column
 * in table order. Throws LegacyTranslationError if the clinic could not store it.
 */
@Injectable()
export class ExportAppointmentToLegacy {
  constructor(
    @Inject(APPOINTMENT_REPOSITORY) private readonly appointments: AppointmentRepositoryPort,
  ) {}

  /** The legacy row for a stored visit, or undefined when the service has no such visit. */
  async byId(id: number): Promise<Record<string, unknown> | undefined> {
    const appointment = await this.appointments.findById(id);
    return appointment ? appointmentToLegacyRow(appointment) : undefined;
  }

  /** The same, for a visit whose change the binlog has just reported (see the port). */
  async afterChange(id: number): Promise<Record<string, unknown> | undefined> {
    const appointment = await this.appointments.findByIdAfterPendingWrites(id);
    return appointment ? appointmentToLegacyRow(appointment) : undefined;
  }
}
