import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clinicError, legacyRow, openService, type ServiceFixture } from './patients-fixture';

describe('patients service: legacy-compatible API', () => {
  let svc: ServiceFixture;

  before(async () => {
    svc = await openService('ps_legacy');
  });
  after(async () => {
    await svc?.close();
  });

  async function create(
    body: Record<string, unknown>,
  ): Promise<{ PAT_ID: number; PAT_VER: number }> {
    const res = await svc.http().post('/api/patients').send(body).expect(201);
    return res.body as { PAT_ID: number; PAT_VER: number };
  }

  it('creates a patient in the legacy shape, with the legacy blanks', async () => {
    const res = await svc
      .http()
      .post('/api/patients')
      .send({
        firstName: ' Ada ',
        lastName: 'Zzcreate',
        dob: '1980-04-12',
        sex: 'F',
        address: { line1: '1 Figtree St', city: 'Rootford', state: 'OR', zip: '97000' },
        phone: '(503) 555-0100',
      })
      .expect(201);
    assert.equal(res.headers.location, `/api/patients/${res.body.PAT_ID}`);
    assert.match(res.body.PAT_CRT_DT, /^\d{14}$/);
    assert.deepEqual(
      { ...res.body, PAT_ID: 0, PAT_CRT_DT: '', PAT_UPD_DT: '' },
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
        PAT_CRT_DT: '',
        PAT_UPD_DT: '',
        PAT_VER: 1,
      },
    );
    const read = await svc.http().get(`/api/patients/${res.body.PAT_ID}`).expect(200);
    assert.deepEqual(read.body, res.body);
  });

  it('answers 400 CLINIC_INVALID_FIELD naming the field, as the clinic does', async () => {
    const cases: Array<[unknown, string]> = [
      [{ lastName: 'Zz' }, 'firstName'],
      [{ firstName: 'A', lastName: 'Zz', dob: '1980-02-30' }, 'dob'],
      [{ firstName: 'A', lastName: 'Zz', sex: 'X' }, 'sex'],
      [{ firstName: 'A', lastName: 'Zz', address: { line1: 'a|b' } }, 'address.line1'],
      [[1], 'body'],
    ];
    for (const [body, field] of cases) {
      const err = clinicError(
        (
          await svc
            .http()
            .post('/api/patients')
            .send(body as object)
            .expect(400)
        ).body,
      );
      assert.equal(err.code, 'CLINIC_INVALID_FIELD');
      assert.equal(err.field, field);
      assert.equal(err.message, `CLINIC_INVALID_FIELD: ${field}: expected ${err.expected}`);
    }
    const bad = await svc
      .http()
      .post('/api/patients')
      .set('content-type', 'application/json')
      .send('{"firstName":')
      .expect(400);
    assert.equal(clinicError(bad.body).code, 'CLINIC_BAD_BODY');
    await svc.http().get('/health').expect(200, { status: 'ok', database: 'up' });
  });

  it('updates under the optimistic lock and bumps the version', async () => {
    const created = await create({ firstName: 'Bo', lastName: 'Zzupdate' });
    const res = await svc
      .http()
      .put(`/api/patients/${created.PAT_ID}`)
      .send({
        version: 1,
        email: 'bo@example.test',
        address: { line1: '2 Elm', zip: '97001' },
        status: 'I',
      })
      .expect(200);
    assert.equal(res.body.PAT_VER, 2);
    assert.equal(res.body.PAT_EMAIL, 'bo@example.test');
    assert.equal(res.body.PAT_ADDR, '2 Elm||||97001');
    assert.equal(res.body.PAT_STAT, 'I');
    const blanked = await svc
      .http()
      .put(`/api/patients/${created.PAT_ID}`)
      .send({ version: 2, email: null, address: null })
      .expect(200);
    assert.deepEqual(
      [blanked.body.PAT_EMAIL, blanked.body.PAT_ADDR, blanked.body.PAT_VER],
      ['', '', 3],
    );
  });

  it('answers 409 with the current version to a stale write, and 404 / 400 as the clinic', async () => {
    const created = await create({ firstName: 'Cy', lastName: 'Zzlock' });
    await svc
      .http()
      .put(`/api/patients/${created.PAT_ID}`)
      .send({ version: 1, phone: '555-0101' })
      .expect(200);
    const stale = await svc
      .http()
      .put(`/api/patients/${created.PAT_ID}`)
      .send({ version: 1, phone: '555-0102' })
      .expect(409);
    assert.equal(clinicError(stale.body).code, 'CLINIC_VERSION_CONFLICT');
    assert.deepEqual(clinicError(stale.body).details, { id: created.PAT_ID, currentVersion: 2 });
    const missing = await svc
      .http()
      .put('/api/patients/999999')
      .send({ version: 1, email: '' })
      .expect(404);
    assert.equal(
      missing.headers['x-ficus-unrouted'],
      undefined,
      'no such patient is not no such route',
    );
    assert.deepEqual(clinicError(missing.body), {
      code: 'CLINIC_NOT_FOUND',
      message: 'CLINIC_NOT_FOUND: patient 999999 does not exist',
      details: { id: 999999 },
    });
    const nothing = await svc
      .http()
      .put(`/api/patients/${created.PAT_ID}`)
      .send({ version: 2 })
      .expect(400);
    assert.equal(clinicError(nothing.body).field, 'body');
    const badId = await svc.http().get('/api/patients/0').expect(400);
    assert.equal(clinicError(badId.body).field, 'id');
  });

  it('refuses to update a merged record, naming the survivor', async () => {
    await svc.apply({ op: 'c', after: legacyRow({ PAT_ID: 500 }) });
    await svc.apply({
      op: 'c',
      after: legacyRow({ PAT_ID: 501, PAT_STAT: 'M', PAT_MRG_TO: 500, PAT_VER: 2 }),
    });
    const res = await svc
      .http()
      .put('/api/patients/501')
      .send({ version: 2, phone: '' })
      .expect(409);
    assert.equal(clinicError(res.body).code, 'CLINIC_PATIENT_MERGED');
    assert.deepEqual(clinicError(res.body).details, { id: 501, mergedInto: 500 });
  });

  it('answers unknown routes in the clinic error shape, marked as no such route', async () => {
    const res = await svc.http().get('/api/nothing-here').expect(404);
    assert.equal(clinicError(res.body).code, 'CLINIC_ROUTE_NOT_FOUND');
    assert.equal(res.headers['x-ficus-unrouted'], '1');
  });

  it('marks a write to a path no handler serves as no such route, and writes nothing', async () => {
    const created = await create({ firstName: 'Di', lastName: 'Zzarchive' });
    const res = await svc
      .http()
      .post(`/api/patients/${created.PAT_ID}/archive`)
      .send({ reason: 'moved away' })
      .expect(404);
    assert.equal(res.headers['x-ficus-unrouted'], '1');
    assert.equal(clinicError(res.body).code, 'CLINIC_ROUTE_NOT_FOUND');
    const after = await svc.http().get(`/api/patients/${created.PAT_ID}`).expect(200);
    assert.equal((after.body as { PAT_VER: number }).PAT_VER, created.PAT_VER, 'untouched');
  });
});
