import { type Pool, type PoolConnection } from 'mysql2/promise';
import { withTransaction } from '@ficus/core';
import { conflict, invalidField, notFound } from '../http/errors';
import { clockToLegacyTime, isoToLegacyDate, legacyTimeToMinutes } from '../legacy/legacy-date';
import { findPatientShared } from '../patients/patient.dao';
import { mergedPatient } from '../patients/patient.errors';
import { lockPractitioner } from '../practitioners/practitioner.dao';
import {
  findAppointment,
  insertAppointment,
  lockAppointment,
  takenSlots,
  updateSchedule,
  type NewSchedule,
} from './appointment.dao';
import { type AppointmentRow } from './appointment.row';
import { endsBeforeMidnight, findClash } from './slot';

export interface BookingRequest {
  patientId: number;
  practitionerId: number;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM' */
  time: string;
  duration: number;
  reason: string;
}

/** POST /api/appointments: a new booked visit, if the patient may book and the time is free. */
export async function bookAppointment(
  pool: Pool,
  request: BookingRequest,
  stamp: string,
): Promise<AppointmentRow> {
  const schedule = toSchedule(request.practitionerId, request);
  return withTransaction(pool, async (conn) => {
    await assertPatientMayBook(conn, request.patientId);
    await claimSlot(conn, schedule, 0);
    const id = await insertAppointment(
      conn,
      { ...schedule, patientId: request.patientId, reason: request.reason },
      stamp,
    );
    return (await findAppointment(conn, id)) as AppointmentRow;
  });
}

export interface RescheduleRequest {
  date: string;
  time: string;
  duration?: number;
  practitionerId?: number;
}

/** PUT /api/appointments/:id/reschedule: moves a booked visit, keeping what the body leaves out. */
export async function rescheduleAppointment(
  pool: Pool,
  id: number,
  request: RescheduleRequest,
  stamp: string,
): Promise<AppointmentRow> {
  return withTransaction(pool, async (conn) => {
    const current = await lockAppointment(conn, id);
    if (!current) throw notFound('appointment', id);
    assertBooked(current);
    const schedule = toSchedule(request.practitionerId ?? current.APPT_PRAC_ID, {
      date: request.date,
      time: request.time,
      duration: request.duration ?? current.APPT_DUR,
    });
    await claimSlot(conn, schedule, id);
    await updateSchedule(conn, id, schedule, stamp);
    return (await findAppointment(conn, id)) as AppointmentRow;
  });
}

export function assertBooked(appt: AppointmentRow): void {
  if (appt.APPT_STAT !== 'B') {
    throw conflict(
      'CLINIC_APPOINTMENT_NOT_BOOKED',
      `appointment ${appt.APPT_ID} has status ${appt.APPT_STAT}; only a booked (B) visit can change`,
      { id: appt.APPT_ID, status: appt.APPT_STAT },
    );
  }
}

function toSchedule(
  practitionerId: number,
  at: { date: string; time: string; duration: number },
): NewSchedule {
  const schedule = {
    practitionerId,
    date: isoToLegacyDate(at.date),
    time: clockToLegacyTime(at.time),
    duration: at.duration,
  };
  if (
    !endsBeforeMidnight({ start: legacyTimeToMinutes(schedule.time), duration: schedule.duration })
  ) {
    throw invalidField('duration', 'minutes that end the visit by 24:00');
  }
  return schedule;
}

async function assertPatientMayBook(conn: PoolConnection, patientId: number): Promise<void> {
  const patient = await findPatientShared(conn, patientId);
  if (!patient) throw notFound('patient', patientId, 'patientId');
  if (patient.PAT_STAT === 'M') throw mergedPatient(patient);
  if (patient.PAT_STAT === 'D') {
    throw conflict('CLINIC_PATIENT_DECEASED', `patient ${patientId} is recorded as deceased`, {
      id: patientId,
    });
  }
}

/**
 * Takes the practitioner's row lock, then checks the day: with the lock held, no other booking
 * for this practitioner can slip in between the check and the write.
 */
async function claimSlot(
  conn: PoolConnection,
  schedule: NewSchedule,
  movingId: number,
): Promise<void> {
  const practitioner = await lockPractitioner(conn, schedule.practitionerId);
  if (!practitioner) throw notFound('practitioner', schedule.practitionerId, 'practitionerId');
  if (practitioner.PRAC_ACTV !== 'Y') {
    throw conflict(
      'CLINIC_PRACTITIONER_INACTIVE',
      `practitioner ${schedule.practitionerId} no longer takes appointments`,
      { practitionerId: schedule.practitionerId },
    );
  }
  const taken = await takenSlots(conn, schedule.practitionerId, schedule.date, movingId);
  const clash = findClash(
    { start: legacyTimeToMinutes(schedule.time), duration: schedule.duration },
    taken,
  );
  if (clash !== undefined) {
    throw conflict(
      'CLINIC_SLOT_TAKEN',
      `practitioner ${schedule.practitionerId} already has appointment ${clash} at that time`,
      { practitionerId: schedule.practitionerId, clashingAppointmentId: clash },
    );
  }
}
