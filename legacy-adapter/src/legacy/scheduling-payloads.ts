import type { Appointment } from '../domain/appointment';
import type { Practitioner } from '../domain/practitioner';
import { appointmentToLegacyRow } from './appointment-rows';
import { isoToLegacyDate } from './legacy-date';
import { practitionerToLegacyRow } from './practitioner-rows';

/**
 * The clinic's JSON envelopes for scheduling, key for key in the clinic's order, so that
 * `JSON.stringify` of them matches its answers byte for byte.
 */
export interface Page {
  limit: number;
  offset: number;
}

/** `GET /api/practitioners/:id` */
export function practitionerToLegacyPayload(practitioner: Practitioner): Record<string, unknown> {
  return practitionerToLegacyRow(practitioner);
}

/** `GET /api/practitioners` */
export function practitionerListToLegacyPayload(
  practitioners: readonly Practitioner[],
  page: Page,
): Record<string, unknown> {
  return {
    count: practitioners.length,
    limit: page.limit,
    offset: page.offset,
    practitioners: practitioners.map(practitionerToLegacyRow),
  };
}

/** `GET /api/appointments/:id`-shaped rows: booking, reschedule and cancel answer one. */
export function appointmentToLegacyPayload(appointment: Appointment): Record<string, unknown> {
  return appointmentToLegacyRow(appointment);
}

/** `GET /api/appointments?date=` */
export function appointmentDayToLegacyPayload(
  date: string,
  appointments: readonly Appointment[],
  page: Page,
): Record<string, unknown> {
  return {
    APPT_DT: isoToLegacyDate(date),
    count: appointments.length,
    limit: page.limit,
    offset: page.offset,
    appointments: appointments.map(appointmentToLegacyRow),
  };
}

/** `GET /api/patients/:id/appointments`, for the patient the id resolved to. */
export function patientAppointmentsToLegacyPayload(
  patientId: number,
  appointments: readonly Appointment[],
): Record<string, unknown> {
  return {
    PAT_ID: patientId,
    count: appointments.length,
    appointments: appointments.map(appointmentToLegacyRow),
  };
}
