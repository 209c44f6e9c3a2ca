import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Appointment } from '../domain/appointment';
import { legacyBookingStatements as sql } from './appointment-booking';

const VISIT: Appointment = {
  id: 17,
  patientId: 6,
  practitionerId: 2,
  date: '2025-07-14',
  time: '09:30',
  durationMinutes: 30,
  status: 'booked',
  reason: 'ANNUAL PHYSICAL',
  cancellationReason: null,
  createdAt: '2025-06-02T11:30:12.000Z',
  updatedAt: '2025-06-02T11:30:12.000Z',
};

describe('legacyBookingStatements', () => {
  it('inserts a new visit without an id, so that the clinic numbers it', () => {
    const { id: _id, ...visit } = VISIT;
    const insert = sql.insertAppointment(visit);
    assert.equal(insert.sql, 'INSERT INTO APPT_TRN SET ?');
    assert.deepEqual(insert.params, [
      {
        APPT_PAT_ID: 6,
        APPT_PRAC_ID: 2,
        APPT_DT: '20250714',
        APPT_TM: '0930',
        APPT_DUR: 30,
        APPT_STAT: 'B',
        APPT_RSN: 'ANNUAL PHYSICAL',
        APPT_CXL_RSN: '',
        APPT_CRT_DT: '20250602113012',
        APPT_UPD_DT: '20250602113012',
      },
    ]);
  });

  it('writes a change only over the booked row it was decided on', () => {
    const cancelled: Appointment = {
      ...VISIT,
      status: 'cancelled',
      cancellationReason: 'PT REQUEST',
      updatedAt: '2025-06-03T08:00:00.000Z',
    };
    const update = sql.updateBookedAppointment(cancelled, VISIT);
    assert.match(update.sql, /WHERE APPT_ID = \? AND APPT_STAT = \? AND APPT_UPD_DT = \?$/);
    const [columns, ...where] = update.params;
    assert.deepEqual(where, [17, 'B', '20250602113012']);
    assert.equal((columns as Record<string, unknown>).APPT_STAT, 'X');
    assert.equal((columns as Record<string, unknown>).APPT_UPD_DT, '20250603080000');
    assert.equal(Object.hasOwn(columns as object, 'APPT_ID'), false);
  });

  it("reads a practitioner's day as the clinic's check does: the visits that hold time", () => {
    const day = sql.practitionerDay(2, '2025-07-14');
    assert.deepEqual(day.params, [2, '20250714', ['B', 'C', 'N']]);
  });

  it('locks as the clinic does: the patient shared, the practitioner and the visit exclusive', () => {
    assert.match(sql.patientShared(6).sql, /FROM PATIENT_MST .* LOCK IN SHARE MODE$/);
    assert.match(sql.lockPractitioner(2).sql, /FROM PRAC_MST .* FOR UPDATE$/);
    assert.match(sql.lockAppointment(17).sql, /FROM APPT_TRN .* FOR UPDATE$/);
  });
});
