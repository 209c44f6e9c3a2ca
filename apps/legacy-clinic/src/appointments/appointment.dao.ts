import { type ResultSetHeader } from 'mysql2/promise';
import { type Sql } from '../db/sql';
import { legacyTimeToMinutes } from '../legacy/legacy-date';
import { type AppointmentRow } from './appointment.row';
import { SLOT_HOLDING_STATUSES, type TimeSlot } from './slot';

export async function findAppointment(db: Sql, id: number): Promise<AppointmentRow | undefined> {
  const [rows] = await db.query<AppointmentRow[]>('SELECT * FROM APPT_TRN WHERE APPT_ID = ?', [id]);
  return rows[0];
}

export async function lockAppointment(db: Sql, id: number): Promise<AppointmentRow | undefined> {
  const [rows] = await db.query<AppointmentRow[]>(
    'SELECT * FROM APPT_TRN WHERE APPT_ID = ? FOR UPDATE',
    [id],
  );
  return rows[0];
}

/** What already holds time in a practitioner's day, except `exceptId` (the visit being moved). */
export async function takenSlots(
  db: Sql,
  practitionerId: number,
  date: string,
  exceptId = 0,
): Promise<Array<TimeSlot & { id: number }>> {
  const [rows] = await db.query<AppointmentRow[]>(
    `SELECT APPT_ID, APPT_TM, APPT_DUR FROM APPT_TRN
      WHERE APPT_PRAC_ID = ? AND APPT_DT = ? AND APPT_STAT IN (?) AND APPT_ID <> ?`,
    [practitionerId, date, SLOT_HOLDING_STATUSES, exceptId],
  );
  return rows.map((r) => ({
    id: r.APPT_ID,
    start: legacyTimeToMinutes(r.APPT_TM),
    duration: r.APPT_DUR,
  }));
}

export interface NewAppointment {
  patientId: number;
  practitionerId: number;
  date: string;
  time: string;
  duration: number;
  reason: string;
}

export async function insertAppointment(
  db: Sql,
  appt: NewAppointment,
  stamp: string,
): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `INSERT INTO APPT_TRN
       (APPT_PAT_ID, APPT_PRAC_ID, APPT_DT, APPT_TM, APPT_DUR, APPT_STAT, APPT_RSN, APPT_CXL_RSN,
        APPT_CRT_DT, APPT_UPD_DT)
     VALUES (?, ?, ?, ?, ?, 'B', ?, '', ?, ?)`,
    [
      appt.patientId,
      appt.practitionerId,
      appt.date,
      appt.time,
      appt.duration,
      appt.reason,
      stamp,
      stamp,
    ],
  );
  return result.insertId;
}

export interface NewSchedule {
  practitionerId: number;
  date: string;
  time: string;
  duration: number;
}

export async function updateSchedule(
  db: Sql,
  id: number,
  to: NewSchedule,
  stamp: string,
): Promise<void> {
  await db.query(
    `UPDATE APPT_TRN SET APPT_PRAC_ID = ?, APPT_DT = ?, APPT_TM = ?, APPT_DUR = ?, APPT_UPD_DT = ?
      WHERE APPT_ID = ?`,
    [to.practitionerId, to.date, to.time, to.duration, stamp, id],
  );
}

export async function markCancelled(
  db: Sql,
  id: number,
  reason: string,
  stamp: string,
): Promise<void> {
  await db.query(
    `UPDATE APPT_TRN SET APPT_STAT = 'X', APPT_CXL_RSN = ?, APPT_UPD_DT = ? WHERE APPT_ID = ?`,
    [reason, stamp, id],
  );
}

export async function listPatientAppointments(
  db: Sql,
  patientId: number,
): Promise<AppointmentRow[]> {
  const [rows] = await db.query<AppointmentRow[]>(
    'SELECT * FROM APPT_TRN WHERE APPT_PAT_ID = ? ORDER BY APPT_DT, APPT_TM, APPT_ID',
    [patientId],
  );
  return rows;
}

export interface DaySchedule {
  date: string;
  practitionerId?: number;
  limit: number;
  offset: number;
}

export async function listDay(db: Sql, day: DaySchedule): Promise<AppointmentRow[]> {
  const byPractitioner = day.practitionerId !== undefined;
  const [rows] = await db.query<AppointmentRow[]>(
    `SELECT * FROM APPT_TRN WHERE APPT_DT = ? ${byPractitioner ? 'AND APPT_PRAC_ID = ?' : ''}
      ORDER BY APPT_TM, APPT_PRAC_ID, APPT_ID LIMIT ? OFFSET ?`,
    [day.date, ...(byPractitioner ? [day.practitionerId] : []), day.limit, day.offset],
  );
  return rows;
}
