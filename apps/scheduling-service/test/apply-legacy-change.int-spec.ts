import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LegacyTranslationError } from '@ficus/legacy-adapter';
import { ExportAppointmentToLegacy } from '../src/modules/scheduling/application/export-appointment-to-legacy';
import {
  ApplyLegacySchedulingChange,
  type LegacySchedulingChange,
} from '../src/modules/scheduling/application/apply-legacy-scheduling-change';
import { appointmentRow, json, patientRow, practitionerRow, send } from './legacy-rows';
import { openScheduling, type SchedulingFixture } from './scheduling-fixture';

/** The use case the future sync will call for each clinic change, on the real database. */
describe('scheduling service: applying clinic changes', () => {
  let svc: SchedulingFixture;
  let apply: ApplyLegacySchedulingChange;

  const change = (
    table: string,
    op: LegacySchedulingChange['op'],
    row: Record<string, unknown>,
    pos: number,
  ): LegacySchedulingChange => ({
    op,
    before: op === 'd' ? row : null,
    after: op === 'd' ? null : row,
    source: { table, file: 'mysql-bin.000002', pos, row: 0 },
  });

  before(async () => {
    svc = await openScheduling('ss_apply_change');
    apply = svc.app.get(ApplyLegacySchedulingChange);
  });
  after(async () => {
    await svc?.close();
  });

  it('applies a change once: a redelivery and an older change are skipped', async () => {
    const booked = appointmentRow(7);
    const cancelled = appointmentRow(7, { APPT_STAT: 'X', APPT_UPD_DT: '20250702000000' });
    assert.equal((await apply.run(change('APPT_TRN', 'c', booked, 100))).outcome, 'inserted');
    assert.equal((await apply.run(change('APPT_TRN', 'u', cancelled, 200))).outcome, 'updated');
    assert.deepEqual(await apply.run(change('APPT_TRN', 'u', cancelled, 200)), {
      kind: 'appointment',
      id: 7,
      outcome: 'skipped',
      reason: 'duplicate',
    });
    assert.equal((await apply.run(change('APPT_TRN', 'c', booked, 100))).reason, 'stale');
    const day = json(await send(svc.url, '/api/appointments?date=2031-03-03'));
    assert.deepEqual(
      (day.appointments as Array<{ APPT_STAT: string }>).map((a) => a.APPT_STAT),
      ['X'],
    );
  });

  it("orders a patient's changes by PAT_VER, and a merge reaches booking at once", async () => {
    await apply.run(change('PRAC_MST', 'r', practitionerRow(1), 10));
    await apply.run(change('PATIENT_MST', 'r', patientRow(1), 10));
    await apply.run(change('PATIENT_MST', 'r', patientRow(5), 10));
    const merged = patientRow(5, { PAT_STAT: 'M', PAT_MRG_TO: 1, PAT_VER: 3 });
    assert.equal((await apply.run(change('PATIENT_MST', 'u', merged, 300))).outcome, 'updated');
    const late = patientRow(5, { PAT_VER: 2 });
    assert.equal((await apply.run(change('PATIENT_MST', 'u', late, 400))).reason, 'stale');
    const res = await send(svc.url, '/api/appointments', {
      patientId: 5,
      practitionerId: 1,
      date: '2031-05-05',
      time: '09:00',
    });
    assert.equal(res.status, 409);
  });

  it('refuses a row the adapter cannot translate, and a table it does not own', async () => {
    await assert.rejects(
      apply.run(change('APPT_TRN', 'c', appointmentRow(8, { APPT_TM: '2500' }), 500)),
      (err: unknown) => err instanceof LegacyTranslationError && err.field === 'APPT_TM',
    );
    await assert.rejects(
      apply.run(change('BILL_HDR', 'c', { BILL_ID: 1 }, 600)),
      /FICUS_SCHEDULING_SYNC_WRONG_TABLE/,
    );
  });

  it("exports a visit booked in the service as the clinic's APPT_TRN row, as the API answered it", async () => {
    svc.now.value = new Date('2025-07-03T08:09:10.456Z');
    const booked = await send(svc.url, '/api/appointments', {
      patientId: 1,
      practitionerId: 1,
      date: '2031-05-06',
      time: '09:00',
      reason: 'FLU',
    });
    assert.equal(booked.status, 201);
    const exporter = svc.app.get(ExportAppointmentToLegacy);
    const id = Number(json(booked).APPT_ID);
    assert.equal(JSON.stringify(await exporter.afterChange(id)), booked.body);
    assert.equal(json(booked).APPT_CRT_DT, '20250703080910');
    assert.equal(await exporter.byId(999_999), undefined);
  });

  it('mirrors an operator delete, and skips one of a row it never had', async () => {
    assert.equal(
      (await apply.run(change('APPT_TRN', 'd', appointmentRow(7), 700))).outcome,
      'deleted',
    );
    assert.equal(
      (await apply.run(change('APPT_TRN', 'd', appointmentRow(7), 700))).reason,
      'absent',
    );
  });
});
