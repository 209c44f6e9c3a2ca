import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort } from '@ficus/infra';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import {
  answers,
  call,
  eventually,
  node,
  openLegacyClinic,
  stop,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

/**
 * Billing stays in the monolith while patients and appointments move out. With both carved-out
 * services in their legacy phase (the clinic the system of record), a patient registered through
 * the patients service and booked through the scheduling service is a patient and a visit the
 * clinic's billing can invoice and take payment for, at once: both writes were made in the
 * clinic's tables in the requests that created them.
 */
describe('billing across the legacy phase: patient and visit from the services, invoice in the clinic', () => {
  let f: LegacyClinicFixture;
  let patientsDb: TestDatabase;
  let patients: ChildProcess | undefined;
  let patientsUrl: string;

  before(async () => {
    f = await openLegacyClinic('ss_billing');
    patientsDb = await createTestDatabase('ss_billing_patients');
    const port = await freePort();
    const replica = 200_000 + Math.floor(Math.random() * 1_000_000_000);
    patients = node('dist/apps/patients-service/src/main.js', [], {
      PATIENTS_DATABASE_URL: patientsDb.url,
      PATIENTS_PORT: String(port),
      PATIENTS_LEGACY_DATABASE_URL: f.clinicDb.url,
      PATIENTS_SYNC_SERVER_ID: String(replica),
      PATIENTS_SYSTEM_OF_RECORD: 'legacy',
    });
    patientsUrl = `http://127.0.0.1:${port}`;
    await eventually('the patients service sync to be ready', () =>
      answers(`${patientsUrl}/sync/ready`),
    );
  });
  after(async () => {
    if (patients) await stop(patients);
    await patientsDb?.drop();
    await f?.close();
  });

  it('invoices and takes payment for a visit booked through the service, for a patient created through the other', async () => {
    const created = await call(patientsUrl, 'POST', '/api/patients', {
      firstName: 'Ada',
      lastName: 'Billington',
      dob: '1980-02-03',
    });
    assert.equal(created.status, 201);
    const patientId = Number(created.body.PAT_ID);

    const [open] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 1",
    );
    const practitionerId = Number(open[0]?.PRAC_ID);
    const booked = await call(f.serviceUrl, 'POST', '/api/appointments', {
      patientId,
      practitionerId,
      date: '2034-05-02',
      time: '10:30',
      duration: 20,
      reason: 'ANNUAL',
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const appointmentId = Number(booked.body.APPT_ID);
    assert.deepEqual(await f.clinicVisit(appointmentId), booked.body);

    const invoice = await call(f.clinicUrl, 'POST', '/api/invoices', {
      patientId,
      appointmentId,
      date: '2034-05-02',
      lines: [
        { cpt: '99213', description: 'OFFICE VISIT', amount: '125.00' },
        { cpt: '36415', description: 'VENIPUNCTURE', quantity: 2, amount: '12.50' },
      ],
    });
    assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
    const invoiceId = Number(invoice.body.BILL_ID);
    assert.equal(invoice.body.BILL_APPT_ID, appointmentId);
    assert.equal(invoice.body.BILL_TOT, '150.00');

    const paid = await call(f.clinicUrl, 'POST', `/api/invoices/${invoiceId}/payments`, {
      amount: '100.00',
      method: 'CC',
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const balance = await call(f.clinicUrl, 'GET', `/api/patients/${patientId}/balance`);
    assert.equal(balance.status, 200);
    assert.deepEqual(balance.body, {
      PAT_ID: patientId,
      INVOICES: 1,
      OPEN_INVOICES: 1,
      BILLED: '150.00',
      PAID: '100.00',
      BALANCE: '50.00',
    });

    // The rest is paid; the invoice closes, and the balance is settled.
    const settled = await call(f.clinicUrl, 'POST', `/api/invoices/${invoiceId}/payments`, {
      amount: '50.00',
      method: 'CA',
    });
    assert.equal(settled.status, 201);
    assert.equal(settled.body.BILL_STAT, 'P');
    const after = await call(f.clinicUrl, 'GET', `/api/patients/${patientId}/balance`);
    assert.deepEqual(after.body, {
      PAT_ID: patientId,
      INVOICES: 1,
      OPEN_INVOICES: 0,
      BILLED: '150.00',
      PAID: '150.00',
      BALANCE: '0.00',
    });

    // The visit the invoice names is the one both the clinic and the service show.
    const clinicDay = await call(
      f.clinicUrl,
      'GET',
      `/api/appointments?date=2034-05-02&practitionerId=${practitionerId}`,
    );
    const serviceDay = await call(
      f.serviceUrl,
      'GET',
      `/api/appointments?date=2034-05-02&practitionerId=${practitionerId}`,
    );
    assert.deepEqual(serviceDay.body, clinicDay.body);
    assert.deepEqual(
      (serviceDay.body.appointments as Array<Record<string, unknown>>).map((a) => a.APPT_ID),
      [appointmentId],
    );
    const fhir = await fetch(`${f.serviceUrl}/fhir/Appointment/${appointmentId}`);
    assert.equal(fhir.status, 200);
    const resource = (await fhir.json()) as {
      status: string;
      participant: Array<{ actor: { reference: string } }>;
    };
    assert.equal(resource.status, 'booked');
    assert.ok(
      resource.participant.some((p) => p.actor.reference === `Patient/${patientId}`),
      'the service names the patient the patients service created',
    );
  });
});
