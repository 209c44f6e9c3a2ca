import type { AppointmentStatus } from '../domain/appointment';

/** APPT_STAT: B booked, C completed, N no-show, X cancelled. */
export const APPOINTMENT_STATUS_EXPECTED = "one of 'B', 'C', 'N' or 'X'";

const STATUS_BY_CODE: Readonly<Record<string, AppointmentStatus>> = {
  B: 'booked',
  C: 'fulfilled',
  N: 'noshow',
  X: 'cancelled',
};

export function isAppointmentStatusCode(code: string): boolean {
  return Object.hasOwn(STATUS_BY_CODE, code);
}

/** The caller has checked the code with isAppointmentStatusCode. */
export function appointmentStatusOfCode(code: string): AppointmentStatus {
  return STATUS_BY_CODE[code] ?? 'booked';
}

/** The letter the clinic stores and shows (its error messages name it too). */
export function appointmentStatusCode(status: AppointmentStatus): string {
  switch (status) {
    case 'booked':
      return 'B';
    case 'fulfilled':
      return 'C';
    case 'noshow':
      return 'N';
    case 'cancelled':
      return 'X';
  }
}

/** 'HHMM' with a real clock time. */
export function isLegacyTime(text: string): boolean {
  return /^([01]\d|2[0-3])[0-5]\d$/.test(text);
}
