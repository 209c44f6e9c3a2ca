import { type AppointmentStatus } from '../appointments/appointment.row';
import { type PatientStatus } from '../patients/patient.row';
import { type SeedSlot } from './appointment-slots';
import { type SqlValue } from './bulk-insert';
import { dayToLegacyDate, DAY_MS, msToLegacyStamp, type SeedCalendar } from './calendar';
import { type SeededRandom } from './prng';
import { CANCEL_REASONS, VISIT_REASONS } from './vocabulary';

export const APPOINTMENT_COLUMNS = [
  'APPT_ID',
  'APPT_PAT_ID',
  'APPT_PRAC_ID',
  'APPT_DT',
  'APPT_TM',
  'APPT_DUR',
  'APPT_STAT',
  'APPT_RSN',
  'APPT_CXL_RSN',
  'APPT_CRT_DT',
  'APPT_UPD_DT',
] as const;

export interface GeneratedAppointment {
  id: number;
  day: number;
  status: AppointmentStatus;
  row: SqlValue[];
}

const PAST: ReadonlyArray<readonly [AppointmentStatus, number]> = [
  ['C', 80],
  ['N', 7],
  ['X', 13],
];
const FUTURE: ReadonlyArray<readonly [AppointmentStatus, number]> = [
  ['B', 88],
  ['X', 12],
];
const DURATIONS: ReadonlyArray<readonly [number, number]> = [
  [30, 70],
  [20, 15],
  [15, 15],
];

/** A visit in `slot`: history before the calendar's today, bookings after it (a deceased patient's are cancelled). */
export function generateAppointment(
  rng: SeededRandom,
  calendar: SeedCalendar,
  id: number,
  patientId: number,
  patientStatus: PatientStatus,
  slot: SeedSlot,
): GeneratedAppointment {
  const future = slot.day >= calendar.todayDay;
  let status = rng.weighted(future ? FUTURE : PAST);
  let cancelReason: string = status === 'X' ? rng.pick(CANCEL_REASONS) : '';
  if (future && patientStatus === 'D') [status, cancelReason] = ['X', 'PT DECEASED'];
  const created =
    (Math.min(slot.day - rng.int(1, 60), calendar.todayDay - 1) * 86_400 +
      rng.int(25_200, 68_400)) *
    1000;
  return {
    id,
    day: slot.day,
    status,
    row: [
      id,
      patientId,
      slot.practitionerId,
      dayToLegacyDate(slot.day),
      slot.time,
      rng.weighted(DURATIONS),
      status,
      rng.pick(VISIT_REASONS),
      cancelReason,
      msToLegacyStamp(created),
      msToLegacyStamp(lastUpdate(rng, calendar, status, slot.day, created)),
    ],
  };
}

/** Bookings are untouched since made; visits close on their day; cancellations fall in between. */
function lastUpdate(
  rng: SeededRandom,
  calendar: SeedCalendar,
  status: AppointmentStatus,
  day: number,
  created: number,
): number {
  switch (status) {
    case 'B':
      return created;
    case 'C':
    case 'N':
      return day * DAY_MS + rng.int(61_200, 72_000) * 1000;
    case 'X': {
      const latest = Math.min(day * DAY_MS, calendar.todayMs);
      return created + rng.int(0, Math.max(0, Math.floor((latest - created) / 1000))) * 1000;
    }
  }
}
