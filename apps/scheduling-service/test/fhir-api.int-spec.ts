import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appointmentRow, json, patientRow, practitionerRow, send } from './legacy-rows';
import { openScheduling, type SchedulingFixture } from './scheduling-fixture';

interface Bundle {
  resourceType: string;
  total?: number;
  entry: Array<{ resource: Record<string, unknown> }>;
}

describe('scheduling service: FHIR R4 Practitioner, Appointment, Schedule and Slot', () => {
  let svc: SchedulingFixture;

  before(async () => {
    svc = await openScheduling('ss_fhir_api');
    await svc.import({
      patients: [patientRow(1), patientRow(2)],
      practitioners: [
        practitionerRow(1, { PRAC_SPEC: 'CARD', PRAC_FNAME: 'Rowan', PRAC_LNAME: 'Ashbury' }),
        practitionerRow(2, { PRAC_ACTV: 'N', PRAC_NPI: '' }),
      ],
      appointments: [
        appointmentRow(10, { APPT_RSN: 'ANNUAL PHYSICAL' }),
        appointmentRow(11, { APPT_TM: '1000', APPT_STAT: 'X', APPT_CXL_RSN: 'PT REQUEST' }),
        appointmentRow(12, { APPT_PAT_ID: 2, APPT_TM: '1100', APPT_DUR: 20, APPT_STAT: 'C' }),
      ],
    });
  });
  after(async () => {
    await svc?.close();
  });

  it('reads a Practitioner with its NPI and specialty', async () => {
    const res = await send(svc.url, '/fhir/Practitioner/1');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/fhir+json; charset=utf-8');
    assert.deepEqual(json(res), {
      resourceType: 'Practitioner',
      id: '1',
      meta: { lastUpdated: '2025-07-01T09:00:00.000Z' },
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '9900000000' }],
      active: true,
      name: [{ family: 'Ashbury', given: ['Rowan'] }],
      qualification: [
        {
          code: {
            coding: [{ system: 'urn:ficus:clinic:specialty', code: 'CARD', display: 'cardiology' }],
          },
        },
      ],
    });
    const missing = await send(svc.url, '/fhir/Practitioner/99');
    assert.equal(missing.status, 404);
    assert.equal(json(missing).resourceType, 'OperationOutcome');
  });

  it('reads an Appointment with its participants, period and statuses', async () => {
    const res = json(await send(svc.url, '/fhir/Appointment/11'));
    assert.deepEqual(
      [res.status, res.start, res.end, res.minutesDuration, res.cancelationReason],
      ['cancelled', '2031-03-03T10:00:00Z', '2031-03-03T10:30:00Z', 30, { text: 'PT REQUEST' }],
    );
    assert.deepEqual(res.participant, [
      { actor: { reference: 'Patient/1' }, status: 'accepted' },
      { actor: { reference: 'Practitioner/1' }, status: 'accepted' },
    ]);
    assert.equal(json(await send(svc.url, '/fhir/Appointment/12')).status, 'fulfilled');
  });

  it('searches Appointments by patient, practitioner and day', async () => {
    const byPatient = json<Bundle>(await send(svc.url, '/fhir/Appointment?patient=Patient/1'));
    assert.deepEqual(
      [byPatient.total, byPatient.entry.map((e) => e.resource.id)],
      [2, ['10', '11']],
    );
    const byDay = json<Bundle>(
      await send(svc.url, '/fhir/Appointment?practitioner=1&date=2031-03-03&_count=1&_offset=2'),
    );
    assert.deepEqual([byDay.total, byDay.entry.map((e) => e.resource.id)], [3, ['12']]);
    assert.equal((await send(svc.url, '/fhir/Appointment')).status, 400);
    assert.equal((await send(svc.url, '/fhir/Appointment?patient=Group/1')).status, 400);
  });

  it("answers a practitioner's Schedule and the busy Slots its visits hold", async () => {
    const schedule = json(await send(svc.url, '/fhir/Schedule/1'));
    assert.deepEqual(schedule.actor, [{ reference: 'Practitioner/1' }]);
    const slots = json<Bundle>(
      await send(svc.url, '/fhir/Slot?schedule=Schedule/1&start=2031-03-03'),
    );
    assert.deepEqual(
      slots.entry.map((e) => [e.resource.id, e.resource.status, e.resource.start, e.resource.end]),
      [
        ['appointment-10', 'busy', '2031-03-03T09:00:00Z', '2031-03-03T09:30:00Z'],
        ['appointment-12', 'busy', '2031-03-03T11:00:00Z', '2031-03-03T11:20:00Z'],
      ],
    );
    assert.equal((await send(svc.url, '/fhir/Slot?schedule=Schedule/1')).status, 400);
  });
});
