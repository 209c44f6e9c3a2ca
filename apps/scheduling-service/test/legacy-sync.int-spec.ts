import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import {
  APPOINTMENT_KEY_COLUMN,
  APPOINTMENT_TABLE,
  APPOINTMENT_UPDATED_COLUMN,
} from '@ficus/legacy-adapter';
import { LegacyDatabase, LegacyRowWriter } from '@ficus/sync';
import { ExportAppointmentToLegacy } from '../src/modules/scheduling/application/export-appointment-to-legacy';
import {
  callOk,
  eventually,
  openLegacyClinic,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

type Row = Record<string, unknown>;

/**
 * After cutover (the service is the system of record), so that the service's own writes reach the
 * clinic by write-back alone; before it, a write-through writes them in the clinic first and
 * write-back finds them applied (the idempotence test covers that rule, and the legacy phase's
 * tests below the whole round trip).
 */
describe('scheduling service: two-way sync with the clinic (after cutover)', () => {
  let f: LegacyClinicFixture;
  let practitioner: number;
  let patients: number[];
  /** A different day per booking, so no two of the tests' visits ever clash. */
  let day = 0;
  const nextDate = () => `2031-01-${String(++day).padStart(2, '0')}`;

  async function clinicRows(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(sql, params);
    return rows.map((r) => ({ ...r }));
  }

  async function serviceRows(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await f.serviceDb.pool.query<RowDataPacket[]>(sql, params);
    return rows.map((r) => ({ ...r }));
  }

  async function count(rows: Promise<Row[]>): Promise<number> {
    return Number((await rows)[0]?.n);
  }

  async function clinicBooking(patientId: number): Promise<number> {
    const booked = await callOk(f.clinicUrl, 'POST', '/api/appointments', {
      patientId,
      practitionerId: practitioner,
      date: nextDate(),
      time: '09:00',
      duration: 30,
      reason: 'check-up',
    });
    return Number(booked.APPT_ID);
  }

  before(async () => {
    f = await openLegacyClinic('sched_sync', { systemOfRecord: 'service' });
    const [prac] = await clinicRows(
      "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 1",
    );
    practitioner = Number(prac?.PRAC_ID);
    patients = (
      await clinicRows("SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID")
    ).map((r) => Number(r.PAT_ID));
    assert.ok(patients.length >= 6, 'the seed has active patients to book for');
  });
  after(async () => {
    await f?.close();
  });

  it('holds the clinic’s practitioners, visits and patients once ready (the initial snapshot)', async () => {
    for (const [clinic, service] of [
      ['PRAC_MST', 'practitioners'],
      ['APPT_TRN', 'appointments'],
      ['PATIENT_MST', 'patient_references'],
    ]) {
      const expected = await count(clinicRows(`SELECT COUNT(*) AS n FROM ${clinic}`));
      assert.ok(expected > 0, `the seed has ${clinic} rows`);
      assert.equal(await count(serviceRows(`SELECT COUNT(*) AS n FROM ${service}`)), expected);
    }
    const status = await f.status();
    assert.deepEqual(
      [status.enabled, status.ready, status.inbound?.state, status.writeBack?.state],
      [true, true, 'streaming', 'streaming'],
    );
    assert.deepEqual([status.inbound?.deadLetters, status.writeBack?.deadLetters], [0, 0]);
  });

  it('carries a booking, a reschedule and a cancel made in the clinic', async () => {
    const id = await clinicBooking(patients[0]!);
    await eventually('the booking', async () => (await f.serviceRow(id))?.status === 'booked');
    const moved = nextDate();
    await callOk(f.clinicUrl, 'PUT', `/api/appointments/${id}/reschedule`, {
      date: moved,
      time: '14:30',
    });
    await eventually('the reschedule', async () => {
      const visit = await f.serviceRow(id);
      return visit?.date === moved && visit.time === '14:30';
    });
    await callOk(f.clinicUrl, 'POST', `/api/appointments/${id}/cancel`, { reason: 'ill' });
    await eventually('the cancel', async () => (await f.serviceRow(id))?.status === 'cancelled');
    assert.equal((await f.serviceRow(id))?.cancellation_reason, 'ill');
    // What the service answers, not only what it stores.
    const res = await fetch(`${f.serviceUrl}/fhir/Appointment/${id}`);
    assert.equal(((await res.json()) as { status: string }).status, 'cancelled');
  });

  it('carries a practitioner change made in the clinic', async () => {
    const [other] = await clinicRows(
      "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' AND PRAC_ID <> ? ORDER BY PRAC_ID LIMIT 1",
      [practitioner],
    );
    const id = Number(other?.PRAC_ID);
    await f.clinicDb.pool.query(
      "UPDATE PRAC_MST SET PRAC_ACTV = 'N', PRAC_LNAME = 'Zzmoved', PRAC_UPD_DT = '20310101120000' WHERE PRAC_ID = ?",
      [id],
    );
    await eventually('the practitioner change', async () => {
      const [row] = await serviceRows(
        'SELECT active, family_name FROM practitioners WHERE id = ?',
        [id],
      );
      return Number(row?.active) === 0 && row?.family_name === 'Zzmoved';
    });
  });

  it('carries a patient merge made in the clinic, with the merged patient’s visits', async () => {
    const [from, into] = [patients[1]!, patients[2]!];
    const visit = await clinicBooking(from);
    await eventually('the visit to book', async () => (await f.serviceRow(visit)) !== undefined);
    await callOk(f.clinicUrl, 'POST', `/api/patients/${from}/merge`, { into });
    await eventually('the merge', async () => {
      const [ref] = await serviceRows(
        'SELECT status, merged_into FROM patient_references WHERE id = ?',
        [from],
      );
      return ref?.status === 'merged' && Number(ref.merged_into) === into;
    });
    await eventually('the visit to move', async () => {
      return Number((await f.serviceRow(visit))?.patient_id) === into;
    });
    const res = await fetch(`${f.serviceUrl}/api/patients/${from}/appointments`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-clinic-merged-from') ?? '', new RegExp(`\\b${from}\\b`));
  });

  it('sees a patient change another service wrote back to the clinic (its marker is not ours)', async () => {
    // The patients service marks its write-back with ficus_sync_marker; only the scheduling
    // sync's own marker makes the scheduling connector skip a transaction.
    const id = patients[3]!;
    await f.clinicDb.pool.query(`CREATE TABLE IF NOT EXISTS ficus_sync_marker (writer VARCHAR(64)
      NOT NULL PRIMARY KEY, seq BIGINT NOT NULL) ENGINE=InnoDB`);
    const conn = await f.clinicDb.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query(
        "INSERT INTO ficus_sync_marker VALUES ('legacy-write-back', 1) ON DUPLICATE KEY UPDATE seq = seq + 1",
      );
      await conn.query(
        "UPDATE PATIENT_MST SET PAT_STAT = 'D', PAT_VER = PAT_VER + 1 WHERE PAT_ID = ?",
        [id],
      );
      await conn.commit();
    } finally {
      conn.release();
    }
    await eventually('the patient’s new status', async () => {
      const [ref] = await serviceRows('SELECT status FROM patient_references WHERE id = ?', [id]);
      return ref?.status === 'deceased';
    });
  });

  it('writes the service’s own visit changes to APPT_TRN, and none comes back', async () => {
    const existing = await clinicBooking(patients[4]!);
    await eventually('the visit', async () => (await f.serviceRow(existing)) !== undefined);
    const before = await f.status();

    const moved = nextDate();
    await callOk(f.serviceUrl, 'PUT', `/api/appointments/${existing}/reschedule`, {
      date: moved,
      time: '11:15',
    });
    await callOk(f.serviceUrl, 'POST', `/api/appointments/${existing}/cancel`, { reason: 'away' });
    const booked = await callOk(f.serviceUrl, 'POST', '/api/appointments', {
      patientId: patients[5],
      practitionerId: practitioner,
      date: nextDate(),
      time: '08:00',
      duration: 20,
    });
    const newId = Number(booked.APPT_ID);

    await eventually('the cancel in APPT_TRN', async () => {
      const row = await f.clinicVisit(existing);
      return row?.APPT_STAT === 'X' && row.APPT_DT === moved.replaceAll('-', '');
    });
    assert.deepEqual(
      [(await f.clinicVisit(existing))?.APPT_TM, (await f.clinicVisit(existing))?.APPT_CXL_RSN],
      ['1115', 'away'],
    );
    await eventually(
      'the booking in APPT_TRN',
      async () => (await f.clinicVisit(newId)) !== undefined,
    );
    assert.deepEqual(
      [(await f.clinicVisit(newId))?.APPT_PAT_ID, (await f.clinicVisit(newId))?.APPT_DUR],
      [patients[5], 20],
    );

    // A clinic change after them: once it has crossed, inbound has read past the written-back rows.
    const sentinel = await clinicBooking(patients[0]!);
    await eventually('the sentinel', async () => (await f.serviceRow(sentinel)) !== undefined);
    const after = await f.status();
    assert.equal(
      after.inbound!.changes - before.inbound!.changes,
      1,
      'inbound saw the sentinel only: write-back’s writes were marked',
    );
    assert.equal(
      after.writeBack!.changes - before.writeBack!.changes,
      3,
      'write-back saw the three service writes only: the sentinel applied here was marked',
    );
  });

  it('writes a visit back idempotently: the same row a second time changes nothing', async () => {
    const id = await clinicBooking(patients[0]!);
    await eventually('the visit', async () => (await f.serviceRow(id)) !== undefined);
    const row = await f.app.get(ExportAppointmentToLegacy).byId(id);
    assert.ok(row);
    const held = await f.clinicVisit(id);
    const shape = {
      table: APPOINTMENT_TABLE,
      keyColumn: APPOINTMENT_KEY_COLUMN,
      versionColumn: APPOINTMENT_UPDATED_COLUMN,
    };
    for (const phase of ['legacy', 'service'] as const) {
      const writer = new LegacyRowWriter(f.app.get(LegacyDatabase), shape, phase);
      assert.equal(await writer.write(row), 'skipped', phase);
    }
    // An older version never overwrites a newer one, whoever is the system of record; at the same
    // stamp, the clinic's row stands while it is the system of record.
    const older = { ...row, APPT_STAT: 'X', [APPOINTMENT_UPDATED_COLUMN]: '20000101000000' };
    const tied = { ...row, APPT_STAT: 'X' };
    const legacy = new LegacyRowWriter(f.app.get(LegacyDatabase), shape, 'legacy');
    const service = new LegacyRowWriter(f.app.get(LegacyDatabase), shape, 'service');
    assert.equal(await service.write(older), 'skipped');
    assert.equal(await legacy.write(tied), 'skipped');
    assert.deepEqual(await f.clinicVisit(id), held);
  });

  it('dead-letters a clinic row the adapter refuses, shows it in /sync/status, and goes on', async () => {
    const before = await f.status();
    await f.clinicDb.pool.query(
      `INSERT INTO APPT_TRN (APPT_PAT_ID, APPT_PRAC_ID, APPT_DT, APPT_TM, APPT_DUR, APPT_STAT)
       VALUES (?, ?, '2031XX01', '0900', 30, 'B')`,
      [patients[0], practitioner],
    );
    const good = await clinicBooking(patients[0]!);
    await eventually('the booking after the refused row', async () => {
      return (await f.serviceRow(good)) !== undefined;
    });
    await eventually('the dead letter', async () => {
      return (await f.status()).inbound?.deadLetters === before.inbound!.deadLetters + 1;
    });
    assert.equal((await f.status()).inbound?.state, 'streaming');
    const letters = await serviceRows(
      'SELECT direction, reason_code, source_table FROM legacy_sync_dead_letters',
    );
    assert.deepEqual(letters, [
      {
        direction: 'inbound',
        reason_code: 'FICUS_ACL_INVALID',
        source_table: `${f.clinicDb.name}.APPT_TRN`,
      },
    ]);
  });

  it('resumes from its offset after a restart: what the clinic did meanwhile arrives, nothing is read twice', async () => {
    await f.stopService();
    const booked: number[] = [];
    for (const patient of patients.slice(4, 7)) booked.push(await clinicBooking(patient));
    await callOk(f.clinicUrl, 'POST', `/api/appointments/${booked[0]}/cancel`, { reason: '' });
    await f.startService();
    await eventually('the bookings made while the service was down', async () => {
      const visits = await Promise.all(booked.map((id) => f.serviceRow(id)));
      return visits.every((v) => v !== undefined) && visits[0]?.status === 'cancelled';
    });
    const status = await f.status();
    assert.equal(status.inbound?.changes, 4, 'the four changes, no second snapshot');
    assert.equal(status.inbound?.restarts, 0);
  });
});

/**
 * Before cutover, as deployed: the service's writes go through to APPT_TRN in the request and the
 * two-way sync runs alongside. Inbound reads each write-through (they are not marked) and finds
 * the service's copy identical; write-back reads each copy and finds APPT_TRN at the same stamp,
 * which it leaves alone while the clinic is the system of record. Nothing echoes.
 */
describe('scheduling service: write-through and two-way sync together (legacy phase)', () => {
  let f: LegacyClinicFixture;

  before(async () => {
    f = await openLegacyClinic('sched_sync_wt');
  });
  after(async () => {
    await f?.close();
  });

  it('puts a booking, a move and a cancel in APPT_TRN in the request; the sync finds them applied and writes nothing back', async () => {
    const [prac] = (
      await f.clinicDb.pool.query<RowDataPacket[]>(
        "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 1",
      )
    )[0];
    const [patient] = (
      await f.clinicDb.pool.query<RowDataPacket[]>(
        "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
      )
    )[0];
    const visit = {
      patientId: Number(patient?.PAT_ID),
      practitionerId: Number(prac?.PRAC_ID),
      time: '09:00',
      duration: 30,
    };
    const before = await f.status();

    const booked = await callOk(f.serviceUrl, 'POST', '/api/appointments', {
      ...visit,
      date: '2032-03-01',
    });
    const id = Number(booked.APPT_ID);
    assert.deepEqual(await f.clinicVisit(id), booked, 'the booking is in APPT_TRN as answered');
    const moved = await callOk(f.serviceUrl, 'PUT', `/api/appointments/${id}/reschedule`, {
      date: '2032-03-02',
      time: '10:30',
    });
    assert.deepEqual(await f.clinicVisit(id), moved, 'the move is in APPT_TRN as answered');
    const cancelled = await callOk(f.serviceUrl, 'POST', `/api/appointments/${id}/cancel`, {
      reason: 'away',
    });
    assert.deepEqual(await f.clinicVisit(id), cancelled, 'the cancel is in APPT_TRN as answered');
    assert.deepEqual(await f.serviceVisit(id), cancelled, 'and the service holds it, under its id');

    // A clinic change after them: once it has crossed, inbound has read past the write-throughs.
    const sentinel = await callOk(f.clinicUrl, 'POST', '/api/appointments', {
      ...visit,
      date: '2032-03-03',
    });
    const sentinelId = Number(sentinel.APPT_ID);
    await eventually('the sentinel', async () => (await f.serviceRow(sentinelId)) !== undefined);
    await eventually('write-back to read the three copies', async () => {
      return (await f.status()).writeBack!.changes - before.writeBack!.changes >= 3;
    });
    const after = await f.status();
    assert.equal(
      after.inbound!.changes - before.inbound!.changes,
      4,
      'inbound read the three write-throughs and the sentinel, nothing written back',
    );
    assert.equal(
      after.writeBack!.changes - before.writeBack!.changes,
      3,
      'write-back read the three copies only: inbound found them applied and wrote nothing',
    );
    assert.deepEqual([after.inbound?.deadLetters, after.writeBack?.deadLetters], [0, 0]);
    assert.deepEqual(await f.clinicVisit(id), cancelled, 'write-back left APPT_TRN as it was');
    assert.deepEqual(await f.serviceVisit(id), cancelled);
    assert.deepEqual(await f.serviceVisit(sentinelId), sentinel);
  });
});
