import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appointmentRow, errorCode, json, patientRow, practitionerRow, send } from './legacy-rows';
import { openScheduling, type SchedulingFixture } from './scheduling-fixture';

/**
 * The clinic's scheduling routes as the service answers them, its booking rules included, on the
 * service's own database filled through the import.
 */
describe('scheduling service: the clinic-compatible API', () => {
  let svc: SchedulingFixture;

  before(async () => {
    svc = await openScheduling('ss_legacy_api');
    svc.now.value = new Date('2025-07-01T09:00:00Z');
    const counts = await svc.import({
      patients: [
        patientRow(1),
        patientRow(2, { PAT_STAT: 'M', PAT_MRG_TO: 1, PAT_VER: 2 }),
        patientRow(3, { PAT_STAT: 'D' }),
      ],
      practitioners: [
        practitionerRow(1),
        practitionerRow(2, { PRAC_ACTV: 'N', PRAC_LNAME: 'Ashby' }),
        practitionerRow(3),
      ],
      appointments: [appointmentRow(40), appointmentRow(41, { APPT_TM: '1000', APPT_STAT: 'X' })],
    });
    assert.deepEqual(counts, { inserted: 8, updated: 0, deleted: 0, skipped: 0 });
  });
  after(async () => {
    await svc?.close();
  });

  it('books a free slot in the legacy shape, numbering after the imported visits', async () => {
    const res = await send(svc.url, '/api/appointments', {
      patientId: 1,
      practitionerId: 1,
      date: '2031-03-03',
      time: '10:00',
      reason: ' FLU ',
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), '/api/appointments/42');
    assert.equal(
      res.body,
      '{"APPT_ID":42,"APPT_PAT_ID":1,"APPT_PRAC_ID":1,"APPT_DT":"20310303","APPT_TM":"1000",' +
        '"APPT_DUR":30,"APPT_STAT":"B","APPT_RSN":"FLU","APPT_CXL_RSN":"","APPT_CRT_DT":"20250701090000",' +
        '"APPT_UPD_DT":"20250701090000"}',
    );
  });

  it('refuses double booking with the clashing visit, and allows back-to-back visits', async () => {
    const clash = await send(svc.url, '/api/appointments', {
      patientId: 1,
      practitionerId: 1,
      date: '2031-03-03',
      time: '08:45',
      duration: 20,
    });
    assert.equal(clash.status, 409);
    assert.equal(
      clash.body,
      '{"error":{"code":"CLINIC_SLOT_TAKEN","message":"CLINIC_SLOT_TAKEN: practitioner 1 already has ' +
        'appointment 40 at that time","details":{"practitionerId":1,"clashingAppointmentId":40}}}',
    );
    const next = await send(svc.url, '/api/appointments', {
      patientId: 1,
      practitionerId: 1,
      date: '2031-03-03',
      time: '09:30',
    });
    assert.equal(next.status, 201);
  });

  it('lets exactly one of many simultaneous requests for a slot win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () =>
        send(svc.url, '/api/appointments', {
          patientId: 1,
          practitionerId: 3,
          date: '2031-03-05',
          time: '11:00',
        }),
      ),
    );
    assert.deepEqual(attempts.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
  });

  it('refuses merged and deceased patients, inactive and unknown practitioners, visits past midnight', async () => {
    const at = { date: '2031-03-07', time: '09:00' };
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ patientId: 2, practitionerId: 1, ...at }, 409, 'CLINIC_PATIENT_MERGED'],
      [{ patientId: 3, practitionerId: 1, ...at }, 409, 'CLINIC_PATIENT_DECEASED'],
      [{ patientId: 9, practitionerId: 1, ...at }, 404, 'CLINIC_NOT_FOUND'],
      [{ patientId: 1, practitionerId: 2, ...at }, 409, 'CLINIC_PRACTITIONER_INACTIVE'],
      [{ patientId: 1, practitionerId: 9, ...at }, 404, 'CLINIC_NOT_FOUND'],
      [
        { patientId: 1, practitionerId: 1, date: at.date, time: '23:45' },
        400,
        'CLINIC_INVALID_FIELD',
      ],
      [{ patientId: '1', practitionerId: 1, ...at }, 400, 'CLINIC_INVALID_FIELD'],
    ];
    for (const [body, status, code] of cases) {
      const res = await send(svc.url, '/api/appointments', body);
      assert.deepEqual([res.status, errorCode(res)], [status, code], JSON.stringify(body));
    }
  });

  it('cancels a booked visit, frees its time, and refuses to change it again', async () => {
    svc.now.value = new Date('2025-07-02T10:11:12Z');
    const cancelled = await send(svc.url, '/api/appointments/40/cancel', { reason: 'PT REQUEST' });
    assert.equal(cancelled.status, 200);
    assert.deepEqual(
      [json(cancelled).APPT_STAT, json(cancelled).APPT_CXL_RSN, json(cancelled).APPT_UPD_DT],
      ['X', 'PT REQUEST', '20250702101112'],
    );
    const again = await send(svc.url, '/api/appointments/40/cancel', {});
    assert.equal(again.status, 409);
    assert.equal(
      json<{ error: { message: string } }>(again).error.message,
      'CLINIC_APPOINTMENT_NOT_BOOKED: appointment 40 has status X; only a booked (B) visit can change',
    );
    const rebook = await send(svc.url, '/api/appointments', {
      patientId: 1,
      practitionerId: 1,
      date: '2031-03-03',
      time: '09:00',
    });
    assert.equal(rebook.status, 201);
  });

  it('reschedules a booked visit, keeping its length, and refuses a taken time', async () => {
    const moved = await send(
      svc.url,
      '/api/appointments/42/reschedule',
      { date: '2031-04-02', time: '14:30', practitionerId: 3 },
      'PUT',
    );
    assert.equal(moved.status, 200);
    assert.deepEqual(
      [json(moved).APPT_DT, json(moved).APPT_TM, json(moved).APPT_DUR, json(moved).APPT_PRAC_ID],
      ['20310402', '1430', 30, 3],
    );
    const taken = await send(
      svc.url,
      '/api/appointments/42/reschedule',
      { date: '2031-03-05', time: '11:15' },
      'PUT',
    );
    assert.equal(errorCode(taken), 'CLINIC_SLOT_TAKEN');
  });

  it("lists a day by time and a patient's visits through a merge, with the clinic's header", async () => {
    const day = await send(svc.url, '/api/appointments?date=2031-03-03');
    assert.equal(json(day).APPT_DT, '20310303');
    assert.deepEqual(
      (json(day).appointments as Array<{ APPT_TM: string }>).map((a) => a.APPT_TM),
      ['0900', '0900', '0930', '1000'],
    );
    const merged = await send(svc.url, '/api/patients/2/appointments');
    assert.equal(merged.status, 200);
    assert.equal(merged.headers.get('x-clinic-merged-from'), '2');
    assert.equal(json(merged).PAT_ID, 1);
    assert.equal((await send(svc.url, '/api/patients/99/appointments')).status, 404);
  });

  it('lists and reads practitioners, and answers unknown routes as the clinic does', async () => {
    const list = await send(svc.url, '/api/practitioners?active=Y');
    assert.deepEqual(
      (json(list).practitioners as Array<{ PRAC_ID: number }>).map((p) => p.PRAC_ID),
      [1, 3],
    );
    assert.equal((await send(svc.url, '/api/practitioners/2')).status, 200);
    assert.equal(errorCode(await send(svc.url, '/api/practitioners/x')), 'CLINIC_INVALID_FIELD');
    const unrouted = await send(svc.url, '/api/appointments/40');
    assert.equal(errorCode(unrouted), 'CLINIC_ROUTE_NOT_FOUND');
    assert.equal(unrouted.headers.get('x-ficus-unrouted'), '1', 'marked as no such route');
    const invalid = await send(svc.url, '/api/practitioners/x');
    assert.equal(invalid.headers.get('x-ficus-unrouted'), null, 'a refused id is no unknown route');
  });
});
