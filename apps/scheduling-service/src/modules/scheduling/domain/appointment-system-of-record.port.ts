import type { BookingTransaction } from './appointment.repository.port';

export const APPOINTMENT_SYSTEM_OF_RECORD = Symbol('AppointmentSystemOfRecord');

/**
 * The migration's phase for appointments: which side decides a booking, a move or a cancellation,
 * and so which side's data the clinic's rules are checked against.
 */
export type SchedulingPhase = 'legacy' | 'service';
export const SCHEDULING_PHASE = Symbol('SchedulingPhase');

/**
 * Who decides an appointment write. While the monolith is the system of record it does: the rules
 * read the clinic's own rows under the clinic's own locks (so its double-booking check covers the
 * bookings made on both sides, and two writers of one visit go one after the other), the clinic
 * numbers new visits, and the write is made in APPT_TRN in the same request, then stored here
 * under the clinic's id. After cutover the service's own tables decide, and write-back carries
 * each change to the clinic.
 *
 * `work` runs the rules against the transaction's view; the write is kept on every side only if
 * `work` resolves, and a request is answered 2xx only once the system of record has committed it.
 */
export interface AppointmentSystemOfRecord {
  inBookingTransaction<T>(work: (tx: BookingTransaction) => Promise<T>): Promise<T>;
}
