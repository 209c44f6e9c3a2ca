import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { column, errorOf, openClinic, type ClinicFixture } from './clinic-fixture';

describe('legacy clinic: practitioners, health, routing', () => {
  let clinic: ClinicFixture;

  before(async () => {
    clinic = await openClinic('lc_practitioners', { patients: 50, seed: 7, practitioners: 12 });
  });
  after(async () => {
    await clinic?.db.drop();
  });

  it('GET /api/practitioners lists them all by name, in the legacy shape', async () => {
    const res = await clinic.http().get('/api/practitioners').expect(200);
    assert.equal(res.body.count, 12);
    const names = column(res.body.practitioners, 'PRAC_LNAME') as string[];
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
    for (const p of res.body.practitioners) {
      assert.match(p.PRAC_NPI, /^99\d{8}$/);
      assert.ok(p.PRAC_ACTV === 'Y' || p.PRAC_ACTV === 'N');
    }
  });

  it('filters by specialty code and active flag, and pages', async () => {
    const active = await clinic.http().get('/api/practitioners').query({ active: 'Y' }).expect(200);
    for (const p of active.body.practitioners) assert.equal(p.PRAC_ACTV, 'Y');
    const spec = active.body.practitioners[0].PRAC_SPEC as string;
    const bySpec = await clinic
      .http()
      .get('/api/practitioners')
      .query({ spec: spec.toLowerCase() })
      .expect(200);
    assert.ok(bySpec.body.count >= 1);
    for (const p of bySpec.body.practitioners) assert.equal(p.PRAC_SPEC, spec);
    const page = await clinic
      .http()
      .get('/api/practitioners')
      .query({ limit: 5, offset: 10 })
      .expect(200);
    assert.equal(page.body.count, 2);
    assert.equal(
      errorOf(
        (await clinic.http().get('/api/practitioners').query({ active: 'yes' }).expect(400)).body,
      ).field,
      'active',
    );
  });

  it('GET /api/practitioners/:id answers one, 404 or 400', async () => {
    const res = await clinic.http().get('/api/practitioners/3').expect(200);
    assert.equal(res.body.PRAC_ID, 3);
    await clinic.http().get('/api/practitioners/999').expect(404);
    assert.equal(
      errorOf((await clinic.http().get('/api/practitioners/three').expect(400)).body).field,
      'id',
    );
  });

  it('GET /health answers ok once the database answers', async () => {
    const res = await clinic.http().get('/health').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await clinic.http().delete('/api/patients/1').expect(404);
    assert.equal(errorOf(res.body).code, 'CLINIC_ROUTE_NOT_FOUND');
  });
});
