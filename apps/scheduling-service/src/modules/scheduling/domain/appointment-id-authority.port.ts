import type { Appointment } from '@ficus/legacy-adapter';

export const APPOINTMENT_ID_AUTHORITY = Symbol('AppointmentIdAuthority');

/**
 * Who numbers new visits. While the clinic is the system of record it must: two sides handing out
 * ids on their own would give two visits the same one, and only the clinic sees the bookings made
 * through it. The clinic-side implementation books the row in APPT_TRN in the same request (under
 * the clinic's practitioner lock, so its double-booking check covers both sides) and stores the
 * visit here under the clinic's id; after cutover the service's own table numbers them.
 */
export interface AppointmentIdAuthority {
  /**
   * Reserves an id for `appointment` and calls `store` with it (undefined: the service's table
   * assigns one); the reservation is kept only if `store` succeeds.
   */
  register(
    appointment: Omit<Appointment, 'id'>,
    store: (id: number | undefined) => Promise<Appointment>,
  ): Promise<Appointment>;
}
