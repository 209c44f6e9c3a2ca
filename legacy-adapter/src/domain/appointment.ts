/**
 * The clean appointment model the scheduling service owns, aligned with FHIR R4 Appointment
 * (https://hl7.org/fhir/R4/appointment.html). Times are the clinic's wall clock, which has always
 * been UTC (the clinic's server never ran in another zone).
 */

/** FHIR's AppointmentStatus codes for the four states the clinic records. */
export const APPOINTMENT_STATUSES = ['booked', 'fulfilled', 'noshow', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * A cancelled visit frees its time; a fulfilled one or a no-show still held it, so nothing can be
 * booked over it afterwards either (the clinic's rule).
 */
export const SLOT_HOLDING_STATUSES: readonly AppointmentStatus[] = [
  'booked',
  'fulfilled',
  'noshow',
];

export interface Appointment {
  /** Shared with the monolith during the migration. */
  id: number;
  /** The clinic's patient id, the same on both sides whichever system holds the patient. */
  patientId: number;
  practitionerId: number;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM', 24-hour */
  time: string;
  durationMinutes: number;
  status: AppointmentStatus;
  /** Why the visit was booked; null when none was given. */
  reason: string | null;
  /** Why it was cancelled; null when it was not, or no reason was given. */
  cancellationReason: string | null;
  /** ISO-8601 UTC instants; null when the monolith never recorded them. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** A visit to book: the service assigns the id, the status and the timestamps. */
export interface BookingRequest {
  patientId: number;
  practitionerId: number;
  date: string;
  time: string;
  durationMinutes: number;
  reason: string | null;
}

/** A move of a booked visit; absent members keep the visit's current values. */
export interface RescheduleRequest {
  date: string;
  time: string;
  durationMinutes?: number;
  practitionerId?: number;
}

/** One day of the clinic's calendar, optionally for one practitioner. */
export interface DayQuery {
  date: string;
  practitionerId?: number;
  limit: number;
  offset: number;
}
