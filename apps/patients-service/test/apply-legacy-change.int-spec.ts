import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { LegacyTranslationError } from '@ficus/legacy-adapter';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import { legacyRow, openService, type ServiceFixture } from './patients-fixture';

describe('patients service: applying PATIENT_MST changes (CDC)', () => {
  let svc: ServiceFixture;

  before(async () => {
    svc = await openService('ps_apply');
  });
  after(async () => {
    await svc?.close();
  });

  async function stored(
    id: number,
  ): Promise<{ version: number; source_position: string } | undefined> {
    const [rows] = await svc.db.pool.query<RowDataPacket[]>(
      'SELECT version, source_position FROM patients WHERE id = ?',
      [id],
    );
    return rows[0] as { version: number; source_position: string } | undefined;
  }

  it('inserts a new row, then answers it exactly as the clinic would, and exports it back unchanged', async () => {
    const row = legacyRow({ PAT_ID: 10 });
    assert.deepEqual(await svc.apply({ op: 'c', after: row, pos: 100 }), {
      id: 10,
      outcome: 'inserted',
    });
    const res = await svc.http().get('/api/patients/10').expect(200);
    assert.equal(res.text, JSON.stringify(row));
    assert.deepEqual(await svc.app.get(ExportPatientToLegacy).byId(10), row);
    assert.equal(await svc.app.get(ExportPatientToLegacy).byId(999), undefined);
  });

  it('is idempotent: the same event applied again changes nothing', async () => {
    const row = legacyRow({ PAT_ID: 11 });
    await svc.apply({ op: 'r', after: row, pos: 200 });
    const first = await stored(11);
    assert.deepEqual(await svc.apply({ op: 'r', after: row, pos: 200 }), {
      id: 11,
      outcome: 'skipped',
      reason: 'duplicate',
    });
    assert.deepEqual(await stored(11), first);
  });

  it('never lets an older version overwrite a newer one', async () => {
    const v1 = legacyRow({ PAT_ID: 12, PAT_VER: 1, PAT_PHONE: '555-0101' });
    const v2 = legacyRow({ PAT_ID: 12, PAT_VER: 2, PAT_PHONE: '555-0102' });
    await svc.apply({ op: 'c', after: v1, pos: 300 });
    assert.equal(
      (await svc.apply({ op: 'u', before: v1, after: v2, pos: 310 })).outcome,
      'updated',
    );
    assert.deepEqual(await svc.apply({ op: 'u', before: null, after: v1, pos: 300 }), {
      id: 12,
      outcome: 'skipped',
      reason: 'stale',
    });
    const res = await svc.http().get('/api/patients/12').expect(200);
    assert.equal(res.body.PAT_PHONE, '555-0102');
    assert.equal(res.body.PAT_VER, 2);
  });

  it('takes a same-version change read later in the binlog (a legacy job that did not bump PAT_VER)', async () => {
    await svc.apply({ op: 'c', after: legacyRow({ PAT_ID: 13, PAT_EMAIL: '' }), pos: 400 });
    const edited = legacyRow({ PAT_ID: 13, PAT_EMAIL: 'batch@example.test' });
    assert.deepEqual(await svc.apply({ op: 'u', after: edited, pos: 390 }), {
      id: 13,
      outcome: 'skipped',
      reason: 'stale',
    });
    assert.equal((await svc.apply({ op: 'u', after: edited, pos: 410 })).outcome, 'updated');
    assert.match((await stored(13))?.source_position ?? '', /^mysql-bin\.000001:410:\d+$/);
    const res = await svc.http().get('/api/patients/13').expect(200);
    assert.equal(res.body.PAT_EMAIL, 'batch@example.test');
  });

  it('deletes once, and ignores a delete of an older version or of a row it does not have', async () => {
    const v1 = legacyRow({ PAT_ID: 14, PAT_VER: 1 });
    const v3 = legacyRow({ PAT_ID: 14, PAT_VER: 3 });
    await svc.apply({ op: 'c', after: v3, pos: 500 });
    assert.deepEqual(await svc.apply({ op: 'd', before: v1, pos: 510 }), {
      id: 14,
      outcome: 'skipped',
      reason: 'stale',
    });
    assert.deepEqual(await svc.apply({ op: 'd', before: v3, pos: 520 }), {
      id: 14,
      outcome: 'deleted',
    });
    assert.deepEqual(await svc.apply({ op: 'd', before: v3, pos: 520 }), {
      id: 14,
      outcome: 'skipped',
      reason: 'absent',
    });
    await svc.http().get('/api/patients/14').expect(404);
  });

  it('keeps merge pointers: the legacy API follows them, FHIR links them', async () => {
    await svc.apply({ op: 'c', after: legacyRow({ PAT_ID: 20, PAT_FNAME: 'Keep' }) });
    await svc.apply({
      op: 'c',
      after: legacyRow({ PAT_ID: 21, PAT_STAT: 'M', PAT_MRG_TO: 20, PAT_VER: 2 }),
    });
    const res = await svc.http().get('/api/patients/21').expect(200);
    assert.equal(res.body.PAT_ID, 20);
    assert.equal(res.headers['x-clinic-merged-from'], '21');
    const fhir = await svc.http().get('/fhir/Patient/21').expect(200);
    assert.equal(fhir.body.active, false);
    assert.deepEqual(fhir.body.link, [{ other: { reference: 'Patient/20' }, type: 'replaced-by' }]);
  });

  it('refuses an untranslatable row with a non-retriable error naming the column, and stores nothing', async () => {
    await assert.rejects(
      svc.apply({ op: 'c', after: legacyRow({ PAT_ID: 30, PAT_SEX: 'X' }) }),
      (err: unknown) =>
        err instanceof LegacyTranslationError &&
        err.code === 'FICUS_ACL_INVALID' &&
        err.field === 'PAT_SEX' &&
        !err.retriable,
    );
    assert.equal(await stored(30), undefined);
  });

  it('refuses events of other tables and does not propagate a TRUNCATE', async () => {
    await assert.rejects(
      svc.apply({ op: 'c', after: legacyRow({ PAT_ID: 31 }), table: 'PRAC_MST' }),
      /FICUS_PATIENT_SYNC_WRONG_TABLE/,
    );
    assert.deepEqual(await svc.apply({ op: 't' }), {
      id: null,
      outcome: 'skipped',
      reason: 'truncate-not-propagated',
    });
    assert.ok(await stored(10));
  });
});
