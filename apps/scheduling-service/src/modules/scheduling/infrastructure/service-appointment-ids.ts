import { Injectable } from '@nestjs/common';
import type { Appointment } from '@ficus/legacy-adapter';
import type { AppointmentIdAuthority } from '../domain/appointment-id-authority.port';

/**
 * The service numbers its own visits (its table's AUTO_INCREMENT, which continues after the
 * highest imported clinic id). This is the binding when the service runs without a clinic to
 * defer to: on its own, or after cutover.
 */
@Injectable()
export class ServiceAppointmentIds implements AppointmentIdAuthority {
  register(
    _appointment: Omit<Appointment, 'id'>,
    store: (id: number | undefined) => Promise<Appointment>,
  ): Promise<Appointment> {
    return store(undefined);
  }
}
