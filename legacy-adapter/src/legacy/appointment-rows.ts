import type { Appointment } from '../domain/appointment';
import { LegacyTranslationError } from '../legacy-translation.error';
import { assertValid } from '../validation/first-problem';
import { isPlainObject } from '../validation/rule';
import { appointmentStatusCode, appointmentStatusOfCode } from './appointment-codes';
import { APPOINTMENT_COLUMNS, APPOINTMENT_TABLE } from './appointment-columns';
import { LegacyAppointmentRowInput } from './appointment-row.input';
import {
  isoToLegacyDate,
  isoToLegacyStamp,
  legacyDateToIso,
  legacyStampToIso,
} from './legacy-date';

const CONTEXT = `${APPOINTMENT_TABLE} row`;

/**
 * An APPT_TRN row (a CDC `after`, or a row the clinic answered) as a domain appointment. Other
 * columns are ignored. Throws LegacyTranslationError for a row that breaks the legacy rules.
 */
export function appointmentFromLegacyRow(row: unknown): Appointment {
  const input = checkedRow(row, CONTEXT);
  return {
    id: input.APPT_ID,
    patientId: input.APPT_PAT_ID,
    practitionerId: input.APPT_PRAC_ID,
    date: legacyDateToIso(input.APPT_DT) ?? '',
    time: `${input.APPT_TM.slice(0, 2)}:${input.APPT_TM.slice(2, 4)}`,
    durationMinutes: input.APPT_DUR,
    status: appointmentStatusOfCode(input.APPT_STAT),
    reason: input.APPT_RSN === '' ? null : input.APPT_RSN,
    cancellationReason: input.APPT_CXL_RSN === '' ? null : input.APPT_CXL_RSN,
    createdAt: legacyStampToIso(input.APPT_CRT_DT),
    updatedAt: legacyStampToIso(input.APPT_UPD_DT),
  };
}

/**
 * A domain appointment as an APPT_TRN row: every column in table order, '' where the domain has
 * null. This is also the clinic's JSON for the visit. Throws LegacyTranslationError when the
 * monolith could not store it.
 */
export function appointmentToLegacyRow(appointment: Appointment): Record<string, unknown> {
  const row = {
    APPT_ID: appointment.id,
    APPT_PAT_ID: appointment.patientId,
    APPT_PRAC_ID: appointment.practitionerId,
    APPT_DT: isoToLegacyDate(appointment.date),
    APPT_TM: appointment.time.replace(':', ''),
    APPT_DUR: appointment.durationMinutes,
    APPT_STAT: appointmentStatusCode(appointment.status),
    APPT_RSN: appointment.reason ?? '',
    APPT_CXL_RSN: appointment.cancellationReason ?? '',
    APPT_CRT_DT: isoToLegacyStamp(appointment.createdAt),
    APPT_UPD_DT: isoToLegacyStamp(appointment.updatedAt),
  };
  checkedRow(row, `appointment for ${APPOINTMENT_TABLE}`);
  return row;
}

/** The primary key of an APPT_TRN row, e.g. from a delete event's `before`. */
export function appointmentIdFromLegacyRow(row: unknown): number {
  const id = isPlainObject(row) ? row.APPT_ID : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
    throw new LegacyTranslationError('APPT_ID', 'a positive integer id', CONTEXT);
  }
  return id;
}

function checkedRow(row: unknown, context: string): LegacyAppointmentRowInput {
  if (!isPlainObject(row)) throw new LegacyTranslationError('row', 'an object', context);
  const input = new LegacyAppointmentRowInput();
  for (const column of APPOINTMENT_COLUMNS) Object.assign(input, { [column]: row[column] });
  assertValid(input, context);
  return input;
}
