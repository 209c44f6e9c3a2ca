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
import { openService, type ServiceFixture } from './patients-fixture';

/**
 * The clinic and the service, each on its own database, answer the same patient reads with the
 * same bytes once the service has been fed the clinic's rows through the CDC use case. The clinic
 * runs as its own process (apps never import apps), seeded by its own seeder.
 */
const PATIENTS = 200;

interface Answer {
  status: number;
  mergedFrom: string | null;
  body: string;
}

async function ask(base: string, path: string, init?: RequestInit): Promise<Answer> {
  const res = await fetch(`${base}${path}`, init);
  return {
    status: res.status,
    mergedFrom: res.headers.get('x-clinic-merged-from'),
    body: await res.text(),
  };
}

describe('patients service: parity with the legacy clinic', () => {
  let clinicDb: TestDatabase;
  let clinic: RunningClinic | undefined;
  let clinicUrl: string;
  let svc: ServiceFixture;
  let serviceUrl: string;
  let rows: RowDataPacket[];

  before(async () => {
    clinicDb = await createTestDatabase('ps_parity_clinic');
    await seedLegacyClinic(clinicDb, PATIENTS);
    clinic = await startLegacyClinic(clinicDb);
    clinicUrl = clinic.url;

    svc = await openService('ps_parity_service');
    serviceUrl = await svc.listen();
    [rows] = await clinicDb.pool.query<RowDataPacket[]>(
      'SELECT * FROM PATIENT_MST ORDER BY PAT_ID',
    );
    for (const row of rows) {
      const outcome = await svc.apply({
        op: 'r',
        after: { ...row },
        file: 'mysql-bin.000001',
        pos: 4,
      });
      assert.equal(outcome.outcome, 'inserted', `row ${String(row.PAT_ID)}`);
    }
  });

  after(async () => {
    await clinic?.stop();
    await svc?.close();
    await clinicDb?.drop();
  });

  async function assertSame(path: string, init?: RequestInit): Promise<Answer> {
    const [legacy, modern] = await Promise.all([
      ask(clinicUrl, path, init),
      ask(serviceUrl, path, init),
    ]);
    assert.deepEqual(modern, legacy, path);
    return legacy;
  }

  it('loads every seeded row, merged ones included, through the CDC use case', () => {
    assert.equal(rows.length, PATIENTS);
    assert.ok(
      rows.some((r) => r.PAT_STAT === 'M'),
      'the seed has merged patients',
    );
    assert.ok(
      rows.some((r) => r.PAT_DOB === '00000000'),
      'the seed has unknown birth dates',
    );
  });

  it('answers GET /api/patients/:id byte for byte, merges and unknown ids included', async () => {
    let merged = 0;
    for (let id = 1; id <= PATIENTS; id++) {
      const answer = await assertSame(`/api/patients/${id}`);
      assert.equal(answer.status, 200);
      if (answer.mergedFrom !== null) merged++;
    }
    assert.ok(merged > 0, 'some reads followed a merge');
    for (const path of ['/api/patients/999999', '/api/patients/abc', '/api/patients/0']) {
      assert.notEqual((await assertSame(path)).status, 200);
    }
  });

  it('answers searches with the same patients, order and paging', async () => {
    const lastNames = [...new Set(rows.map((r) => String(r.PAT_LNAME)))].slice(0, 12);
    const paths = [
      '/api/patients',
      '/api/patients?limit=500',
      '/api/patients?limit=7&offset=3',
      '/api/patients?offset=190',
      ...lastNames.map(
        (name) => `/api/patients?name=${encodeURIComponent(name.slice(0, 2).toLowerCase())}`,
      ),
      ...lastNames.map((name) => `/api/patients?name=${encodeURIComponent(name.toUpperCase())}`),
      `/api/patients?name=${encodeURIComponent(`${String(rows[0]?.PAT_LNAME)}, ${String(rows[0]?.PAT_FNAME).slice(0, 1)}`)}`,
      `/api/patients?dob=${String(rows[5]?.PAT_DOB).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}`,
      '/api/patients?name=a&limit=3&offset=2',
      '/api/patients?name=%25',
    ];
    for (const path of paths) assert.equal((await assertSame(path)).status, 200, path);
  });

  it('refuses bad searches and bad bodies with the same errors', async () => {
    for (const path of [
      '/api/patients?limit=0',
      '/api/patients?dob=05/05/1975',
      '/api/patients?name=',
      '/api/patients?limit=1&limit=2',
    ]) {
      assert.equal((await assertSame(path)).status, 400, path);
    }
    const json = { 'content-type': 'application/json' };
    const bodies = [
      {},
      { firstName: 'A' },
      { firstName: 'A', lastName: 'B', dob: '2999-01-01' },
      { firstName: 'A', lastName: 'B', address: { state: 'Oregon' } },
      { firstName: 'A', lastName: 'B', sex: 'X', phone: 5 },
    ];
    for (const body of bodies) {
      await assertSame('/api/patients', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(body),
      });
    }
    await assertSame('/api/patients', { method: 'POST', headers: json, body: '{"firstName":' });
    await assertSame('/api/patients/1', {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ version: 1 }),
    });
    await assertSame('/api/patients/1', {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ email: '' }),
    });
  });
});
