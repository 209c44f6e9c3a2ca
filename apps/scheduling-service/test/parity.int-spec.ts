import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import {
  createTestDatabase,
  seedLegacyClinic,
  startLegacyClinic,
  type RunningClinic,
  type TestDatabase,
} from '@ficus/testing';
import { answers, eventually, replicaIds } from './legacy-clinic-fixture';
import { openScheduling, type SchedulingFixture } from './scheduling-fixture';

/**
 * The clinic and the service, each on its own database, answer the same scheduling requests with
 * the same bytes once the service has imported the clinic's seeded rows through the adapter. The
 * clinic runs as its own process (apps never import apps), seeded by its own seeder. A write is
 * sent to the clinic first; the service's clock is then set to the instant the clinic stamped,
 * so that both answer the same CHAR(14) stamps.
 *
 * Twice: the service on its own (its own rows decide), and in the legacy phase, where each write
 * is decided in a clinic database: a twin of the clinic's, seeded the same, so that the clinic's
 * requests and the service's write through to two databases that stay row for row alike, and
 * number new visits alike.
 */
const PATIENTS = 200;

interface Answer {
  status: number;
  location: string | null;
  mergedFrom: string | null;
  contentType: string | null;
  body: string;
}

interface Request {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** A JSON value, or raw text sent as JSON (a malformed body). */
  body?: unknown;
  raw?: string;
}

async function ask(base: string, request: Request): Promise<Answer> {
  const text =
    request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    ...(text === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: text }),
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    mergedFrom: res.headers.get('x-clinic-merged-from'),
    contentType: res.headers.get('content-type'),
    body: await res.text(),
  };
}

/** '20250701090000' → the instant it names (the clinic's stamps are UTC). */
function instantOf(stamp: string): Date {
  const iso = stamp.replace(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6Z');
  return new Date(iso);
}

const get = (path: string): Request => ({ method: 'GET', path });
const post = (path: string, body?: unknown): Request => ({ method: 'POST', path, body });
const put = (path: string, body?: unknown): Request => ({ method: 'PUT', path, body });

const PHASES = ['alone', 'legacy'] as const;

async function seedClinic(db: TestDatabase): Promise<void> {
  await seedLegacyClinic(db, PATIENTS);
  // A seed of this size may leave every practitioner active; the booking rules need one who is not.
  await db.pool.query(
    `INSERT INTO PRAC_MST (PRAC_FNAME, PRAC_LNAME, PRAC_SPEC, PRAC_NPI, PRAC_ACTV, PRAC_CRT_DT, PRAC_UPD_DT)
     VALUES ('Retired', 'Practitioner', 'FP', '9900000000', 'N', '20200101000000', '20240101000000')`,
  );
}

for (const phase of PHASES)
  describe(`scheduling service (${phase === 'alone' ? 'on its own' : 'legacy phase'}): parity with the legacy clinic on seeded traffic`, () => {
    let clinicDb: TestDatabase;
    let twinDb: TestDatabase | undefined;
    let clinic: RunningClinic | undefined;
    let clinicUrl: string;
    let svc: SchedulingFixture;
    let patients: RowDataPacket[];
    let practitioners: RowDataPacket[];
    let appointments: RowDataPacket[];
    const tally = { compared: 0, matched: 0, mismatches: [] as string[] };

    before(async () => {
      clinicDb = await createTestDatabase('ss_parity_clinic');
      await seedClinic(clinicDb);
      clinic = await startLegacyClinic(clinicDb);
      clinicUrl = clinic.url;

      if (phase === 'legacy') {
        twinDb = await createTestDatabase('ss_parity_twin');
        await seedClinic(twinDb);
      }
      // In the legacy phase as deployed: the write-through and the two-way sync with the twin.
      svc = await openScheduling(
        'ss_parity_service',
        twinDb && { legacyDatabaseUrl: twinDb.url, ...replicaIds(), systemOfRecord: 'legacy' },
      );
      const select = async (sql: string) => (await clinicDb.pool.query<RowDataPacket[]>(sql))[0];
      patients = await select('SELECT * FROM PATIENT_MST ORDER BY PAT_ID');
      practitioners = await select('SELECT * FROM PRAC_MST ORDER BY PRAC_ID');
      appointments = await select('SELECT * FROM APPT_TRN ORDER BY APPT_ID');
      const rows = patients.length + practitioners.length + appointments.length;
      if (twinDb) {
        // The sync's snapshot of the twin filled the service: the clinic's rows are all there.
        await eventually('the sync to be ready', () => answers(`${svc.url}/sync/ready`), 60_000);
        const counts = await svc.import({ patients, practitioners, appointments });
        assert.equal(counts.skipped, rows, 'the snapshot holds every row the clinic holds');
      } else {
        const counts = await svc.import({ patients, practitioners, appointments });
        assert.equal(counts.inserted, rows);
      }
    });

    after(async () => {
      await clinic?.stop();
      await svc?.close();
      await clinicDb?.drop();
      await twinDb?.drop();
      // Paths and statuses only: bodies may carry patient data.
      console.log(
        `scheduling parity (${phase}): ${tally.matched}/${tally.compared} identical ` +
          `(${((100 * tally.matched) / Math.max(1, tally.compared)).toFixed(2)}%)` +
          (tally.mismatches.length > 0 ? `; differing: ${tally.mismatches.join(', ')}` : ''),
      );
    });

    /** Sends to the clinic, then (at the clinic's instant, for a write) to the service. */
    async function compare(request: Request): Promise<Answer> {
      const legacy = await ask(clinicUrl, request);
      const stamp = /"APPT_UPD_DT":"(\d{14})"/.exec(legacy.body)?.[1];
      if (request.method !== 'GET' && stamp !== undefined) svc.now.value = instantOf(stamp);
      const modern = await ask(svc.url, request);
      tally.compared++;
      const same =
        modern.status === legacy.status &&
        modern.body === legacy.body &&
        modern.location === legacy.location &&
        modern.mergedFrom === legacy.mergedFrom &&
        modern.contentType === legacy.contentType;
      if (same) tally.matched++;
      else
        tally.mismatches.push(
          `${request.method} ${request.path} (${legacy.status}/${modern.status})`,
        );
      return legacy;
    }

    function assertParity(): void {
      assert.ok(
        tally.matched / tally.compared >= 0.999,
        `parity ${tally.matched}/${tally.compared}: ${tally.mismatches.join(', ')}`,
      );
    }

    it('imports every seeded row, with merged patients, inactive practitioners and every visit status', () => {
      assert.equal(patients.length, PATIENTS);
      assert.ok(patients.some((p) => p.PAT_STAT === 'M'));
      assert.ok(practitioners.some((p) => p.PRAC_ACTV === 'N'));
      const statuses = new Set(appointments.map((a) => String(a.APPT_STAT)));
      assert.deepEqual([...statuses].sort(), ['B', 'C', 'N', 'X']);
    });

    it('answers the practitioner list and reads byte for byte', async () => {
      const specs = [...new Set(practitioners.map((p) => String(p.PRAC_SPEC)))];
      const paths = [
        '/api/practitioners',
        '/api/practitioners?active=Y',
        '/api/practitioners?active=N',
        '/api/practitioners?limit=3&offset=2',
        '/api/practitioners?offset=1000',
        ...specs.map((s) => `/api/practitioners?spec=${s.toLowerCase()}`),
        ...specs.map((s) => `/api/practitioners?spec=${s}&active=Y&limit=2`),
        '/api/practitioners?limit=0',
        '/api/practitioners?limit=1001',
        '/api/practitioners?active=yes',
        '/api/practitioners?spec=TOOLONG',
        '/api/practitioners?spec=F1',
        '/api/practitioners?limit=1&limit=2',
        ...practitioners.map((p) => `/api/practitioners/${String(p.PRAC_ID)}`),
        '/api/practitioners/999999',
        '/api/practitioners/abc',
        '/api/practitioners/0',
        '/api/practitioners/2147483648',
      ];
      for (const path of paths) await compare(get(path));
      assertParity();
    });

    it("answers day lists and patients' visit lists byte for byte, merges and errors included", async () => {
      const days = [...new Set(appointments.map((a) => String(a.APPT_DT)))].sort();
      const sample = days.filter((_, i) => i % Math.ceil(days.length / 40) === 0);
      const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      const paths = [
        ...sample.map((d) => `/api/appointments?date=${iso(d)}`),
        ...sample
          .slice(0, 20)
          .map(
            (d, i) =>
              `/api/appointments?date=${iso(d)}&practitionerId=${(i % practitioners.length) + 1}`,
          ),
        ...sample.slice(0, 10).map((d) => `/api/appointments?date=${iso(d)}&limit=2&offset=1`),
        '/api/appointments?date=2040-01-01',
        '/api/appointments',
        '/api/appointments?date=2031-02-29',
        '/api/appointments?date=20310301',
        '/api/appointments?date=2031-03-01&practitionerId=x',
        '/api/appointments?date=2031-03-01&limit=2001',
        // Every other patient, and every merged one (their lists follow the merge).
        ...patients
          .filter((p, i) => i % 2 === 0 || p.PAT_STAT === 'M')
          .map((p) => `/api/patients/${String(p.PAT_ID)}/appointments`),
        '/api/patients/999999/appointments',
        '/api/patients/abc/appointments',
        '/api/appointments/1',
      ];
      let merged = 0;
      for (const path of paths) {
        if ((await compare(get(path))).mergedFrom !== null) merged++;
      }
      assert.ok(merged > 0, 'some patient lists followed a merge');
      assertParity();
    });

    it('books, refuses double booking, cancels and reschedules with the same answers', async () => {
      const active = patients.find((p) => p.PAT_STAT === 'A');
      const mergedPatient = patients.find((p) => p.PAT_STAT === 'M');
      const deceased = patients.find((p) => p.PAT_STAT === 'D');
      const open = practitioners.find((p) => p.PRAC_ACTV === 'Y');
      const closed = practitioners.find((p) => p.PRAC_ACTV === 'N');
      assert.ok(active && mergedPatient && open && closed);
      const patientId = Number(active.PAT_ID);
      const practitionerId = Number(open.PRAC_ID);
      const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      const clock = (t: string) => `${t.slice(0, 2)}:${t.slice(2, 4)}`;
      const held = appointments.filter((a) => a.APPT_STAT !== 'X').slice(0, 25);
      const booked = appointments.filter((a) => a.APPT_STAT === 'B');
      const done = appointments.find((a) => a.APPT_STAT === 'C');
      assert.ok(booked.length >= 2 && done);

      const requests: Request[] = [
        // Double booking over seeded visits that still hold their time.
        ...held.map((a) =>
          post('/api/appointments', {
            patientId,
            practitionerId: Number(a.APPT_PRAC_ID),
            date: iso(String(a.APPT_DT)),
            time: clock(String(a.APPT_TM)),
            duration: 15,
          }),
        ),
        post('/api/appointments', {
          patientId,
          practitionerId,
          date: '2031-01-06',
          time: '09:00',
          reason: ' FLU ',
        }),
        post('/api/appointments', { patientId, practitionerId, date: '2031-01-06', time: '09:15' }),
        post('/api/appointments', {
          patientId,
          practitionerId,
          date: '2031-01-06',
          time: '09:30',
          duration: 45,
        }),
        post('/api/appointments', { patientId, practitionerId, date: '2031-01-06', time: '10:00' }),
        post('/api/appointments', {
          patientId: Number(mergedPatient.PAT_ID),
          practitionerId,
          date: '2031-01-07',
          time: '09:00',
        }),
        ...(deceased
          ? [
              post('/api/appointments', {
                patientId: Number(deceased.PAT_ID),
                practitionerId,
                date: '2031-01-07',
                time: '09:00',
              }),
            ]
          : []),
        post('/api/appointments', {
          patientId,
          practitionerId: Number(closed.PRAC_ID),
          date: '2031-01-07',
          time: '09:00',
        }),
        post('/api/appointments', {
          patientId: 999999,
          practitionerId,
          date: '2031-01-07',
          time: '09:00',
        }),
        post('/api/appointments', {
          patientId,
          practitionerId: 999999,
          date: '2031-01-07',
          time: '09:00',
        }),
        post('/api/appointments', {
          patientId,
          practitionerId,
          date: '2031-01-07',
          time: '23:45',
          duration: 30,
        }),
        post('/api/appointments', {
          patientId: '1',
          practitionerId,
          date: '2031-01-07',
          time: '09:00',
        }),
        post('/api/appointments', { patientId, practitionerId, date: '2031-02-29', time: '09:00' }),
        post('/api/appointments', { patientId, practitionerId, date: '2031-01-07', time: '9:00' }),
        post('/api/appointments', {
          patientId,
          practitionerId,
          date: '2031-01-07',
          time: '09:00',
          duration: 4,
        }),
        post('/api/appointments', {
          patientId,
          practitionerId,
          date: '2031-01-07',
          time: '09:00',
          reason: 'x'.repeat(101),
        }),
        post('/api/appointments', []),
        post('/api/appointments'),
        { method: 'POST', path: '/api/appointments', raw: '{"patientId":' },
        // Cancel: the new visit, again, a completed one, an unknown one; then book its freed time.
        post(`/api/appointments/${appointments.length + 1}/cancel`, { reason: 'PT REQUEST' }),
        post(`/api/appointments/${appointments.length + 1}/cancel`),
        post(`/api/appointments/${String(done.APPT_ID)}/cancel`),
        post('/api/appointments/999999/cancel'),
        post('/api/appointments/x/cancel'),
        post('/api/appointments', { patientId, practitionerId, date: '2031-01-06', time: '09:00' }),
        // Reschedule: a seeded booking to a free time, onto a taken one, a cancelled one, bad bodies.
        put(`/api/appointments/${String(booked[0]?.APPT_ID)}/reschedule`, {
          date: '2031-01-08',
          time: '14:30',
        }),
        put(`/api/appointments/${String(booked[1]?.APPT_ID)}/reschedule`, {
          date: '2031-01-08',
          time: '14:45',
          practitionerId: Number(booked[0]?.APPT_PRAC_ID),
        }),
        put(`/api/appointments/${String(booked[0]?.APPT_ID)}/reschedule`, {
          date: '2031-01-08',
          time: '14:30',
          duration: 60,
        }),
        put(`/api/appointments/${appointments.length + 1}/reschedule`, {
          date: '2031-01-09',
          time: '09:00',
        }),
        put('/api/appointments/999999/reschedule', { date: '2031-01-09', time: '09:00' }),
        put(`/api/appointments/${String(booked[0]?.APPT_ID)}/reschedule`, { time: '09:00' }),
        put(`/api/appointments/${String(booked[0]?.APPT_ID)}/reschedule`, {
          date: '2031-01-09',
          time: '23:50',
        }),
        // What the writes left behind.
        get('/api/appointments?date=2031-01-06'),
        get('/api/appointments?date=2031-01-08'),
        get(`/api/patients/${patientId}/appointments`),
      ];
      const statuses: number[] = [];
      for (const request of requests) statuses.push((await compare(request)).status);
      assertParity();
      // The traffic exercised the rules, not only the refusals.
      const count = (status: number) => statuses.filter((s) => s === status).length;
      assert.ok(
        statuses.slice(0, held.length).every((s) => s === 409),
        'every seeded visit that holds its time refuses a double booking',
      );
      assert.ok(count(201) >= 3 && count(200) >= 3, `writes succeeded: ${statuses.join(',')}`);
      if (twinDb) {
        // The service's writes went into its clinic database exactly as the clinic's went into its own.
        const visits = async (db: TestDatabase) =>
          (await db.pool.query<RowDataPacket[]>('SELECT * FROM APPT_TRN ORDER BY APPT_ID'))[0];
        assert.deepEqual(await visits(twinDb), await visits(clinicDb));
      }
    });
  });
