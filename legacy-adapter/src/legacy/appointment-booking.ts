import { SLOT_HOLDING_STATUSES, type Appointment } from '../domain/appointment';
import { appointmentStatusCode } from './appointment-codes';
import { APPOINTMENT_KEY_COLUMN, APPOINTMENT_TABLE } from './appointment-columns';
import { appointmentToLegacyRow } from './appointment-rows';
import { isoToLegacyDate } from './legacy-date';
import type { LegacyStatement } from './patient-merge';
import { PATIENT_KEY_COLUMN, PATIENT_TABLE } from './patient-columns';
import { PRACTITIONER_KEY_COLUMN, PRACTITIONER_TABLE } from './practitioner-columns';

/** Stands in for the id in the translation; the clinic's AUTO_INCREMENT assigns the real one. */
const UNASSIGNED_ID = 1;

/**
 * Booking as the monolith makes it, for a writer that must decide in the monolith's database
 * while it is the system of record: the same rows, read with the same locks in the same order
 * (patient shared, then practitioner exclusive; or the visit exclusive, then its practitioner), so
 * that the clinic's own requests and this writer's are checked one after the other. Rows come
 * back as `SELECT *`, for the row translators.
 */
export const legacyBookingStatements = {
  /** Reads nothing, but fails unless every table booking reads exists and may be read. */
  probe(): LegacyStatement {
    return {
      sql: `SELECT 1 FROM ${PATIENT_TABLE}, ${PRACTITIONER_TABLE}, ${APPOINTMENT_TABLE} LIMIT 0`,
      params: [],
    };
  },

  /** Shared until the end of the transaction, so a merge cannot move the patient under a booking. */
  patientShared(id: number): LegacyStatement {
    return {
      sql: `SELECT * FROM ${PATIENT_TABLE} WHERE ${PATIENT_KEY_COLUMN} = ? LOCK IN SHARE MODE`,
      params: [id],
    };
  },

  /** The clinic's booking lock: every booking for the practitioner waits for it. */
  lockPractitioner(id: number): LegacyStatement {
    return {
      sql: `SELECT * FROM ${PRACTITIONER_TABLE} WHERE ${PRACTITIONER_KEY_COLUMN} = ? FOR UPDATE`,
      params: [id],
    };
  },

  lockAppointment(id: number): LegacyStatement {
    return {
      sql: `SELECT * FROM ${APPOINTMENT_TABLE} WHERE ${APPOINTMENT_KEY_COLUMN} = ? FOR UPDATE`,
      params: [id],
    };
  },

  readAppointment(id: number): LegacyStatement {
    return {
      sql: `SELECT * FROM ${APPOINTMENT_TABLE} WHERE ${APPOINTMENT_KEY_COLUMN} = ?`,
      params: [id],
    };
  },

  /** The visits that hold time in the practitioner's day, as the clinic's double-booking check reads them. */
  practitionerDay(practitionerId: number, isoDate: string): LegacyStatement {
    return {
      sql: `SELECT * FROM ${APPOINTMENT_TABLE} WHERE APPT_PRAC_ID = ? AND APPT_DT = ? AND APPT_STAT IN (?)
             ORDER BY APPT_TM, ${APPOINTMENT_KEY_COLUMN}`,
      params: [
        practitionerId,
        isoToLegacyDate(isoDate),
        SLOT_HOLDING_STATUSES.map((s) => appointmentStatusCode(s)),
      ],
    };
  },

  /** A new visit; the clinic's AUTO_INCREMENT numbers it (the result's insertId). */
  insertAppointment(visit: Omit<Appointment, 'id'>): LegacyStatement {
    const { [APPOINTMENT_KEY_COLUMN]: _unassigned, ...columns } = appointmentToLegacyRow({
      ...visit,
      id: UNASSIGNED_ID,
    });
    return { sql: `INSERT INTO ${APPOINTMENT_TABLE} SET ?`, params: [columns] };
  },

  /**
   * The visit's new state, written only over the state it was decided on: still booked (the only
   * state the clinic lets change) and last updated at `decidedOnUpdatedAt`. One row affected, or
   * the decision no longer holds.
   */
  updateBookedAppointment(visit: Appointment, decidedOn: Appointment): LegacyStatement {
    const { [APPOINTMENT_KEY_COLUMN]: id, ...columns } = appointmentToLegacyRow(visit);
    const before = appointmentToLegacyRow(decidedOn);
    return {
      sql: `UPDATE ${APPOINTMENT_TABLE} SET ? WHERE ${APPOINTMENT_KEY_COLUMN} = ? AND APPT_STAT = ? AND APPT_UPD_DT = ?`,
      params: [columns, id, appointmentStatusCode('booked'), before.APPT_UPD_DT],
    };
  },
};
