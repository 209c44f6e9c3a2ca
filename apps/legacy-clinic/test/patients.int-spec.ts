import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MERGED_FROM_HEADER } from '../src/index';
import {
  addPatient,
  addPractitioner,
  book,
  column,
  errorOf,
  FIXED_STAMP,
  openClinic,
  type ClinicFixture,
} from './clinic-fixture';

describe('legacy clinic: patients', () => {
  let clinic: ClinicFixture;

  before(async () => {
    clinic = await openClinic('lc_patients', { patients: 300, seed: 42 });
  });
  after(async () => {
    await clinic?.db.drop();
  });

  describe('GET /api/patients/:id', () => {
    it('answers the row with its legacy column names and values', async () => {
      const res = await clinic.http().get('/api/patients/1').expect(200);
      assert.equal(res.body.PAT_ID, 1);
      assert.match(res.body.PAT_DOB, /^\d{8}$/);
      assert.equal(typeof res.body.PAT_VER, 'number');
      assert.equal(res.headers[MERGED_FROM_HEADER.toLowerCase()], undefined);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      assert.equal(
        errorOf((await clinic.http().get('/api/patients/999999').expect(404)).body).code,
        'CLINIC_NOT_FOUND',
      );
      for (const bad of ['abc', '0', '-3', '1.5', '99999999999']) {
        const err = errorOf((await clinic.http().get(`/api/patients/${bad}`).expect(400)).body);
        assert.equal(err.field, 'id');
        assert.equal(err.expected, 'a positive integer id');
      }
    });
  });

  describe('POST /api/patients', () => {
    it('stores readable fields in the legacy shape', async () => {
      const res = await clinic
        .http()
        .post('/api/patients')
        .send({
          firstName: 'Ada',
          lastName: 'Zzcreate',
          dob: '1980-04-12',
          sex: 'F',
          address: { line1: '1 Figtree St', city: 'Rootford', state: 'OR', zip: '97000' },
          phone: '(503) 555-0100',
        })
        .expect(201);
      assert.equal(res.headers.location, `/api/patients/${res.body.PAT_ID}`);
      assert.deepEqual(
        { ...res.body, PAT_ID: 0 },
        {
          PAT_ID: 0,
          PAT_FNAME: 'Ada',
          PAT_LNAME: 'Zzcreate',
          PAT_MNAME: '',
          PAT_DOB: '19800412',
          PAT_SEX: 'F',
          PAT_STAT: 'A',
          PAT_ADDR: '1 Figtree St||Rootford|OR|97000',
          PAT_PHONE: '(503) 555-0100',
          PAT_EMAIL: '',
          PAT_MRG_TO: 0,
          PAT_CRT_DT: FIXED_STAMP,
          PAT_UPD_DT: FIXED_STAMP,
          PAT_VER: 1,
        },
      );
    });

    it("writes the legacy blanks for what is left out: '00000000', ''", async () => {
      const res = await clinic
        .http()
        .post('/api/patients')
        .send({ firstName: 'Bo', lastName: 'Zzblank' })
        .expect(201);
      assert.equal(res.body.PAT_DOB, '00000000');
      assert.equal(res.body.PAT_SEX, '');
      assert.equal(res.body.PAT_ADDR, '');
      assert.equal(res.body.PAT_EMAIL, '');
    });

    it('answers 400 naming the bad field and what it expects', async () => {
      const cases: Array<[Record<string, unknown> | string, string]> = [
        [{ lastName: 'Zz' }, 'firstName'],
        [{ firstName: '   ', lastName: 'Zz' }, 'firstName'],
        [{ firstName: 'A', lastName: 'Zz', dob: '1980-02-30' }, 'dob'],
        [{ firstName: 'A', lastName: 'Zz', dob: '2999-01-01' }, 'dob'],
        [{ firstName: 'A', lastName: 'Zz', sex: 'X' }, 'sex'],
        [{ firstName: 'A', lastName: 'Zz', address: { line1: 'a|b' } }, 'address.line1'],
        [{ firstName: 'A', lastName: 'Zz', phone: 5035550100 }, 'phone'],
        [{ firstName: 'A'.repeat(41), lastName: 'Zz' }, 'firstName'],
      ];
      for (const [body, field] of cases) {
        const err = errorOf(
          (await clinic.http().post('/api/patients').send(body).expect(400)).body,
        );
        assert.equal(err.code, 'CLINIC_INVALID_FIELD');
        assert.equal(err.field, field, JSON.stringify(body));
        assert.ok(err.expected && err.expected.length > 0);
      }
    });

    it('answers 400 on a body that is not JSON, and keeps serving', async () => {
      const res = await clinic
        .http()
        .post('/api/patients')
        .set('content-type', 'application/json')
        .send('{"firstName":')
        .expect(400);
      assert.equal(errorOf(res.body).field, 'body');
      await clinic.http().get('/health').expect(200);
    });
  });

  describe('GET /api/patients (search)', () => {
    before(async () => {
      await addPatient(clinic, { firstName: 'Ada', lastName: 'Zzsearch', dob: '1975-05-05' });
      await addPatient(clinic, { firstName: 'ADAM', lastName: 'ZZSEARCH', dob: '1975-05-05' });
      await addPatient(clinic, { firstName: 'Basil', lastName: 'Zzsearch', dob: '1990-01-01' });
      await addPatient(clinic, { firstName: 'Ada', lastName: 'Zzsearchmore' });
    });

    it('finds by last-name prefix, case-insensitively, ordered by name', async () => {
      const res = await clinic.http().get('/api/patients').query({ name: 'zzsearch' }).expect(200);
      assert.equal(res.body.count, 4);
      assert.deepEqual(column(res.body.patients, 'PAT_FNAME'), ['Ada', 'ADAM', 'Basil', 'Ada']);
    });

    it("narrows with 'last, first'", async () => {
      const res = await clinic
        .http()
        .get('/api/patients')
        .query({ name: 'Zzsearch, ada' })
        .expect(200);
      assert.equal(res.body.count, 3);
    });

    it('finds by date of birth and combines it with the name', async () => {
      const res = await clinic
        .http()
        .get('/api/patients')
        .query({ name: 'Zzsearch', dob: '1975-05-05' })
        .expect(200);
      assert.equal(res.body.count, 2);
      for (const p of res.body.patients) assert.equal(p.PAT_DOB, '19750505');
    });

    it('pages with limit and offset', async () => {
      const first = await clinic
        .http()
        .get('/api/patients')
        .query({ name: 'Zzsearch', limit: 2 })
        .expect(200);
      const second = await clinic
        .http()
        .get('/api/patients')
        .query({ name: 'Zzsearch', limit: 2, offset: 2 })
        .expect(200);
      assert.equal(first.body.count, 2);
      assert.equal(second.body.count, 2);
      assert.equal(second.body.offset, 2);
      const ids = [
        ...column(first.body.patients, 'PAT_ID'),
        ...column(second.body.patients, 'PAT_ID'),
      ];
      assert.equal(new Set(ids).size, 4);
    });

    it('treats LIKE wildcards in the name literally', async () => {
      const res = await clinic.http().get('/api/patients').query({ name: 'Zz%' }).expect(200);
      assert.equal(res.body.count, 0);
    });

    it('leaves merged records out of the results', async () => {
      const [rows] = await clinic.db.pool.query<import('mysql2/promise').RowDataPacket[]>(
        "SELECT PAT_LNAME FROM PATIENT_MST WHERE PAT_STAT = 'M' LIMIT 1",
      );
      const merged = rows[0]?.PAT_LNAME as string;
      const res = await clinic
        .http()
        .get('/api/patients')
        .query({ name: merged, limit: 500 })
        .expect(200);
      for (const p of res.body.patients) assert.notEqual(p.PAT_STAT, 'M');
    });

    it('answers 400 for a bad dob, limit or offset', async () => {
      for (const [query, field] of [
        [{ dob: '05/05/1975' }, 'dob'],
        [{ limit: '0' }, 'limit'],
        [{ limit: '501' }, 'limit'],
        [{ offset: '-1' }, 'offset'],
        [{ name: '' }, 'name'],
      ] as const) {
        const err = errorOf(
          (await clinic.http().get('/api/patients').query(query).expect(400)).body,
        );
        assert.equal(err.field, field);
      }
    });
  });

  describe('PUT /api/patients/:id (optimistic lock)', () => {
    it('applies a change made from the current version and bumps it', async () => {
      const created = await addPatient(clinic, { lastName: 'Zzupdate' });
      const res = await clinic
        .http()
        .put(`/api/patients/${created.PAT_ID}`)
        .send({
          version: 1,
          email: 'test@example.test',
          address: { line1: '2 Elm', zip: '97001' },
          status: 'I',
        })
        .expect(200);
      assert.equal(res.body.PAT_VER, 2);
      assert.equal(res.body.PAT_EMAIL, 'test@example.test');
      assert.equal(res.body.PAT_ADDR, '2 Elm||||97001');
      assert.equal(res.body.PAT_STAT, 'I');
      assert.equal(res.body.PAT_LNAME, 'Zzupdate');
    });

    it('answers 409 with the current version when the caller read an older one', async () => {
      const created = await addPatient(clinic, { lastName: 'Zzlock' });
      await clinic
        .http()
        .put(`/api/patients/${created.PAT_ID}`)
        .send({ version: 1, phone: '555-0101' })
        .expect(200);
      const res = await clinic
        .http()
        .put(`/api/patients/${created.PAT_ID}`)
        .send({ version: 1, phone: '555-0102' })
        .expect(409);
      assert.equal(errorOf(res.body).code, 'CLINIC_VERSION_CONFLICT');
      assert.equal(errorOf(res.body).details?.currentVersion, 2);
      const now = await clinic.http().get(`/api/patients/${created.PAT_ID}`).expect(200);
      assert.equal(now.body.PAT_PHONE, '555-0101');
    });

    it('blanks a field sent as null', async () => {
      const created = await addPatient(clinic, {
        lastName: 'Zznull',
        dob: '1970-01-01',
        email: 'a@example.test',
      });
      const res = await clinic
        .http()
        .put(`/api/patients/${created.PAT_ID}`)
        .send({ version: 1, dob: null, email: null })
        .expect(200);
      assert.equal(res.body.PAT_DOB, '00000000');
      assert.equal(res.body.PAT_EMAIL, '');
    });

    it('answers 400 without a version or a change, and 404 for an unknown id', async () => {
      assert.equal(
        errorOf((await clinic.http().put('/api/patients/1').send({ email: '' }).expect(400)).body)
          .field,
        'version',
      );
      assert.equal(
        errorOf((await clinic.http().put('/api/patients/1').send({ version: 1 }).expect(400)).body)
          .field,
        'body',
      );
      assert.equal(
        errorOf(
          (await clinic.http().put('/api/patients/1').send({ version: 1, status: 'M' }).expect(400))
            .body,
        ).field,
        'status',
      );
      await clinic.http().put('/api/patients/999999').send({ version: 1, email: '' }).expect(404);
    });
  });

  describe('POST /api/patients/:id/merge', () => {
    it('marks the duplicate M, moves its appointments and invoices, in one go', async () => {
      const survivor = await addPatient(clinic, { lastName: 'Zzsurvivor' });
      const duplicate = await addPatient(clinic, { lastName: 'Zzduplicate' });
      const practitionerId = await addPractitioner(clinic);
      const appt = await book(clinic, {
        patientId: duplicate.PAT_ID,
        practitionerId,
        date: '2031-01-06',
        time: '09:00',
      });
      assert.equal(appt.status, 201);
      const invoice = await clinic
        .http()
        .post('/api/invoices')
        .send({
          patientId: duplicate.PAT_ID,
          appointmentId: appt.body.APPT_ID,
          lines: [{ cpt: '99213', amount: '95.00' }],
        })
        .expect(201);

      const merge = await clinic
        .http()
        .post(`/api/patients/${duplicate.PAT_ID}/merge`)
        .send({ into: survivor.PAT_ID })
        .expect(200);
      assert.deepEqual(merge.body, {
        PAT_ID: duplicate.PAT_ID,
        PAT_STAT: 'M',
        PAT_MRG_TO: survivor.PAT_ID,
        APPTS_MOVED: 1,
        BILLS_MOVED: 1,
        PATS_REPOINTED: 0,
      });

      const appts = await clinic
        .http()
        .get(`/api/patients/${survivor.PAT_ID}/appointments`)
        .expect(200);
      assert.deepEqual(column(appts.body.appointments, 'APPT_ID'), [appt.body.APPT_ID]);
      const bill = await clinic.http().get(`/api/invoices/${invoice.body.BILL_ID}`).expect(200);
      assert.equal(bill.body.BILL_PAT_ID, survivor.PAT_ID);
      const balance = await clinic
        .http()
        .get(`/api/patients/${survivor.PAT_ID}/balance`)
        .expect(200);
      assert.equal(balance.body.BALANCE, '95.00');
    });

    it('answers a read of the merged id with the survivor, and says so in a header', async () => {
      const survivor = await addPatient(clinic, { lastName: 'Zzkeep' });
      const duplicate = await addPatient(clinic, { lastName: 'Zzdrop' });
      await clinic
        .http()
        .post(`/api/patients/${duplicate.PAT_ID}/merge`)
        .send({ into: survivor.PAT_ID })
        .expect(200);
      const res = await clinic.http().get(`/api/patients/${duplicate.PAT_ID}`).expect(200);
      assert.equal(res.body.PAT_ID, survivor.PAT_ID);
      assert.equal(res.headers[MERGED_FROM_HEADER.toLowerCase()], String(duplicate.PAT_ID));
      const stored = await clinic.db.pool.query<import('mysql2/promise').RowDataPacket[]>(
        'SELECT PAT_STAT, PAT_MRG_TO, PAT_VER, PAT_UPD_DT FROM PATIENT_MST WHERE PAT_ID = ?',
        [duplicate.PAT_ID],
      );
      assert.deepEqual(
        { ...stored[0][0] },
        { PAT_STAT: 'M', PAT_MRG_TO: survivor.PAT_ID, PAT_VER: 2, PAT_UPD_DT: FIXED_STAMP },
      );
    });

    it('re-points records merged earlier into the duplicate, so pointers stay one hop', async () => {
      const [a, b, c] = [
        await addPatient(clinic),
        await addPatient(clinic),
        await addPatient(clinic),
      ];
      await clinic
        .http()
        .post(`/api/patients/${a.PAT_ID}/merge`)
        .send({ into: b.PAT_ID })
        .expect(200);
      const res = await clinic
        .http()
        .post(`/api/patients/${b.PAT_ID}/merge`)
        .send({ into: c.PAT_ID })
        .expect(200);
      assert.equal(res.body.PATS_REPOINTED, 1);
      const read = await clinic.http().get(`/api/patients/${a.PAT_ID}`).expect(200);
      assert.equal(read.body.PAT_ID, c.PAT_ID);
      assert.equal(read.headers[MERGED_FROM_HEADER.toLowerCase()], String(a.PAT_ID));
    });

    it('refuses merges that make no sense', async () => {
      const keep = await addPatient(clinic);
      const gone = await addPatient(clinic);
      await clinic
        .http()
        .post(`/api/patients/${gone.PAT_ID}/merge`)
        .send({ into: keep.PAT_ID })
        .expect(200);

      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .post(`/api/patients/${keep.PAT_ID}/merge`)
              .send({ into: keep.PAT_ID })
              .expect(400)
          ).body,
        ).field,
        'into',
      );
      assert.equal(
        errorOf(
          (await clinic.http().post(`/api/patients/${keep.PAT_ID}/merge`).send({}).expect(400))
            .body,
        ).field,
        'into',
      );
      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .post(`/api/patients/${gone.PAT_ID}/merge`)
              .send({ into: keep.PAT_ID })
              .expect(409)
          ).body,
        ).code,
        'CLINIC_PATIENT_MERGED',
      );
      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .post(`/api/patients/${keep.PAT_ID}/merge`)
              .send({ into: gone.PAT_ID })
              .expect(409)
          ).body,
        ).code,
        'CLINIC_MERGE_TARGET_MERGED',
      );
      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .post(`/api/patients/${keep.PAT_ID}/merge`)
              .send({ into: 999999 })
              .expect(404)
          ).body,
        ).field,
        'into',
      );
      await clinic
        .http()
        .post('/api/patients/999999/merge')
        .send({ into: keep.PAT_ID })
        .expect(404);
    });

    it('refuses to update a merged record, naming the survivor', async () => {
      const keep = await addPatient(clinic);
      const gone = await addPatient(clinic);
      await clinic
        .http()
        .post(`/api/patients/${gone.PAT_ID}/merge`)
        .send({ into: keep.PAT_ID })
        .expect(200);
      const res = await clinic
        .http()
        .put(`/api/patients/${gone.PAT_ID}`)
        .send({ version: 2, phone: '' })
        .expect(409);
      assert.equal(errorOf(res.body).code, 'CLINIC_PATIENT_MERGED');
      assert.equal(errorOf(res.body).details?.mergedInto, keep.PAT_ID);
    });
  });
});
