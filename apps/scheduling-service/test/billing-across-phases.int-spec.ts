import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { freePort } from '@ficus/infra';
import type { LegacySyncStatus } from '@ficus/sync';
import { createTestDatabase, testMysqlUrl, type TestDatabase } from '@ficus/testing';
import {
  answers,
  call,
  eventually,
  node,
  openLegacyClinic,
  replicaIds,
  stop,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

/**
 * Billing stays in the monolith while patients and appointments move out, one service at a time.
 * At each phase the migration plan goes through, a patient registered through the patients service
 * and a visit booked and then moved through the scheduling service are a patient and a visit the
 * clinic's billing invoices and takes payment for: in the `legacy` phase the writes reach the
 * clinic's tables in the requests that make them, after a cutover write-back carries them there.
 */
type Phase = 'legacy' | 'service';

const PHASES: ReadonlyArray<{ patients: Phase; appointments: Phase }> = [
  { patients: 'legacy', appointments: 'legacy' },
  { patients: 'service', appointments: 'legacy' },
  { patients: 'service', appointments: 'service' },
];

/** Bounded waits for what a sync carries (write-back, inbound): generous on a loaded machine. */
const SYNC_WAIT_MS = 60_000;

/** The grants docs/patients-service.md lists for PATIENTS_LEGACY_DATABASE_URL's user. */
async function createPatientsSyncUser(clinicDb: TestDatabase, server: string): Promise<string> {
  const user = `ft_psync_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: server, connectionLimit: 1 });
  const clinic = `\`${clinicDb.name}\``;
  try {
    await admin.query(`CREATE TABLE ${clinic}.ficus_sync_marker (writer VARCHAR(64) NOT NULL
      PRIMARY KEY, seq BIGINT NOT NULL) ENGINE=InnoDB`);
    await admin.query(`CREATE TABLE IF NOT EXISTS ${clinic}.ficus_cdc_offsets (connector
      VARCHAR(128) NOT NULL PRIMARY KEY, offset_json TEXT NOT NULL, updated_at TIMESTAMP(3) NOT
      NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    for (const grant of [
      'REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
      `SELECT ON ${clinic}.*`,
      `INSERT, UPDATE ON ${clinic}.PATIENT_MST`,
      `INSERT, UPDATE ON ${clinic}.ficus_sync_marker`,
      `UPDATE (APPT_PAT_ID, APPT_UPD_DT) ON ${clinic}.APPT_TRN`,
      `UPDATE (BILL_PAT_ID, BILL_UPD_DT) ON ${clinic}.BILL_HDR`,
      `SELECT, INSERT, UPDATE, DELETE ON ${clinic}.ficus_cdc_offsets`,
    ]) {
      await admin.query(`GRANT ${grant} TO '${user}'@'%'`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(clinicDb.url);
  url.username = user;
  url.password = password;
  return url.toString();
}

async function dropUser(url: string, server: string): Promise<void> {
  const admin = createPool({ uri: server, connectionLimit: 1 });
  try {
    await admin.query(`DROP USER IF EXISTS '${decodeURIComponent(new URL(url).username)}'@'%'`);
  } finally {
    await admin.end();
  }
}

for (const phase of PHASES) {
  describe(`billing with patients in the ${phase.patients} phase and appointments in the ${phase.appointments} phase`, () => {
    let f: LegacyClinicFixture;
    let patientsDb: TestDatabase;
    let patientsUser: string | undefined;
    let patients: ChildProcess | undefined;
    let patientsUrl: string;
    const label = `ss_bill_${phase.patients[0]}${phase.appointments[0]}`;

    before(async () => {
      f = await openLegacyClinic(label, { systemOfRecord: phase.appointments });
      patientsDb = await createTestDatabase(`${label}_patients`);
      patientsUser = await createPatientsSyncUser(f.clinicDb, testMysqlUrl());
      const port = await freePort();
      const replicas = replicaIds();
      patients = node('dist/apps/patients-service/src/main.js', [], {
        PATIENTS_DATABASE_URL: patientsDb.url,
        PATIENTS_PORT: String(port),
        PATIENTS_LEGACY_DATABASE_URL: patientsUser,
        PATIENTS_SYNC_SERVER_ID: String(replicas.inboundServerId),
        PATIENTS_WRITEBACK_SERVER_ID: String(replicas.writeBackServerId),
        PATIENTS_SYSTEM_OF_RECORD: phase.patients,
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
      if (patientsUser) await dropUser(patientsUser, testMysqlUrl());
    });

    it('invoices and takes payment for a visit booked and moved through the service, for a patient created through the other', async () => {
      const created = await call(patientsUrl, 'POST', '/api/patients', {
        firstName: 'Ada',
        lastName: 'Billington',
        dob: '1980-02-03',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const patientId = Number(created.body.PAT_ID);
      assert.ok(patientId > 0, `the patients service names the patient: ${patientId}`);
      const registered = {
        PAT_FNAME: created.body.PAT_FNAME,
        PAT_LNAME: created.body.PAT_LNAME,
        PAT_DOB: created.body.PAT_DOB,
      };
      assert.deepEqual(registered, {
        PAT_FNAME: 'Ada',
        PAT_LNAME: 'Billington',
        PAT_DOB: '19800203',
      });

      // The clinic holds the patient (in the request, or by write-back after cutover), and the
      // scheduling service learns of it from PATIENT_MST (its inbound sync).
      await eventually(
        `PATIENT_MST to hold patient ${patientId}`,
        async () => {
          const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
            'SELECT PAT_FNAME, PAT_LNAME, PAT_DOB FROM PATIENT_MST WHERE PAT_ID = ?',
            [patientId],
          );
          return isDeepStrictEqual(rows[0] ? { ...rows[0] } : undefined, registered);
        },
        SYNC_WAIT_MS,
      );
      await eventually(
        `the scheduling service to know patient ${patientId}`,
        async () => {
          const [rows] = await f.serviceDb.pool.query<RowDataPacket[]>(
            'SELECT status FROM patient_references WHERE id = ?',
            [patientId],
          );
          return rows[0]?.status === 'active';
        },
        SYNC_WAIT_MS,
      );

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
      await eventually(
        `APPT_TRN to hold visit ${appointmentId} as booked`,
        async () => isDeepStrictEqual(await f.clinicVisit(appointmentId), booked.body),
        SYNC_WAIT_MS,
      );

      // The visit moves before it is invoiced: the invoice is for the visit as moved.
      const moved = await call(
        f.serviceUrl,
        'PUT',
        `/api/appointments/${appointmentId}/reschedule`,
        {
          date: '2034-05-09',
          time: '14:00',
        },
      );
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.deepEqual(
        [moved.body.APPT_ID, moved.body.APPT_DT, moved.body.APPT_TM, moved.body.APPT_DUR],
        [appointmentId, '20340509', '1400', 20],
      );
      await eventually(
        `APPT_TRN to hold visit ${appointmentId} as moved`,
        async () => isDeepStrictEqual(await f.clinicVisit(appointmentId), moved.body),
        SYNC_WAIT_MS,
      );

      const invoice = await call(f.clinicUrl, 'POST', '/api/invoices', {
        patientId,
        appointmentId,
        date: '2034-05-09',
        lines: [
          { cpt: '99213', description: 'OFFICE VISIT', amount: '125.00' },
          { cpt: '36415', description: 'VENIPUNCTURE', quantity: 2, amount: '12.50' },
        ],
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      const invoiceId = Number(invoice.body.BILL_ID);
      assert.equal(invoice.body.BILL_PAT_ID, patientId);
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
      assert.equal(settled.status, 201, JSON.stringify(settled.body));
      assert.equal(settled.body.BILL_STAT, 'P');
      const closed = await call(f.clinicUrl, 'GET', `/api/patients/${patientId}/balance`);
      assert.deepEqual(closed.body, {
        PAT_ID: patientId,
        INVOICES: 1,
        OPEN_INVOICES: 0,
        BILLED: '150.00',
        PAID: '150.00',
        BALANCE: '0.00',
      });
      const stored = await call(f.clinicUrl, 'GET', `/api/invoices/${invoiceId}`);
      assert.equal(stored.status, 200);
      assert.equal(stored.body.BILL_APPT_ID, appointmentId);

      // The visit the invoice names is the one both the clinic and the service show, on the day
      // it was moved to; the day it left is empty on both sides.
      for (const [date, expected] of [
        ['2034-05-09', [appointmentId]],
        ['2034-05-02', []],
      ] as const) {
        const path = `/api/appointments?date=${date}&practitionerId=${practitionerId}`;
        const clinicDay = await call(f.clinicUrl, 'GET', path);
        const serviceDay = await call(f.serviceUrl, 'GET', path);
        assert.deepEqual(serviceDay.body, clinicDay.body, date);
        assert.deepEqual(
          (serviceDay.body.appointments as Array<Record<string, unknown>>).map((a) => a.APPT_ID),
          expected,
          date,
        );
      }
      const fhir = await fetch(`${f.serviceUrl}/fhir/Appointment/${appointmentId}`);
      assert.equal(fhir.status, 200);
      const resource = (await fhir.json()) as {
        status: string;
        start: string;
        participant: Array<{ actor: { reference: string } }>;
      };
      assert.equal(resource.status, 'booked');
      assert.ok(resource.start.startsWith('2034-05-09T14:00'), resource.start);
      assert.ok(
        resource.participant.some((p) => p.actor.reference === `Patient/${patientId}`),
        'the service names the patient the patients service created',
      );

      // Neither sync set anything aside on the way: every change it carried was applied.
      const patientsSync = (await (
        await fetch(`${patientsUrl}/sync/status`)
      ).json()) as LegacySyncStatus;
      for (const [service, status] of [
        ['patients', patientsSync],
        ['scheduling', await f.status()],
      ] as const) {
        assert.deepEqual(
          [status.inbound?.deadLetters, status.writeBack?.deadLetters],
          [0, 0],
          `${service} sync dead letters`,
        );
      }
    });
  });
}
