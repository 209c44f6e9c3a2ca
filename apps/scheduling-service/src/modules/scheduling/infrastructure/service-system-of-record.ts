import type { AppointmentSystemOfRecord } from '../domain/appointment-system-of-record.port';
import type {
  AppointmentRepositoryPort,
  BookingTransaction,
} from '../domain/appointment.repository.port';

/**
 * The service decides (after cutover, or running on its own): its own rows and locks, its own
 * AUTO_INCREMENT (past the clinic's ids, which it stored explicitly). Write-back, when the clinic
 * is configured, carries each change to APPT_TRN.
 */
export class ServiceSystemOfRecord implements AppointmentSystemOfRecord {
  constructor(private readonly appointments: AppointmentRepositoryPort) {}

  inBookingTransaction<T>(work: (tx: BookingTransaction) => Promise<T>): Promise<T> {
    return this.appointments.inBookingTransaction(work);
  }
}
