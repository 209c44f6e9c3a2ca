import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import { caughtUp, openSync, type SyncFixture } from './legacy-sync-fixture';

/**
 * The writes the service takes on the clinic's behalf while the clinic is the system of record:
 * merges and deletes made in the clinic's terms, and every write as a dry run when the gateway
 * shadows it. Clinic and service run as real servers; both are called over HTTP.
 */
const FHIR = 'application/fhir+json';

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

async function call(base: string, method: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { method, ...init });
  const answer: Answer = { status: res.status, text: await res.text(), headers: res.headers };
  return answer;
}

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const SHADOW = { 'x-ficus-shadow': '1' };

describe('patients service: merges, deletes and shadowed writes, made in the clinic', () => {
  let f: SyncFixture;
  let service: string;

  before(async () => {
    f = await openSync('ps_writes', 40);
    service = await f.listen();
  });
  after(async () => {
    await f?.close();
  });

  function inService(id: number): Promise<Record<string, unknown> | undefined> {
    return f.app.get(ExportPatientToLegacy).byId(id);
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(sql, params);
    return Number(rows[0]?.n);
  }

  /** Active patients, those with both appointments and invoices first. */
  async function activeIds(): Promise<number[]> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
      `SELECT PAT_ID FROM PATIENT_MST p WHERE PAT_STAT = 'A' ORDER BY
         (EXISTS (SELECT 1 FROM APPT_TRN WHERE APPT_PAT_ID = p.PAT_ID)
          AND EXISTS (SELECT 1 FROM BILL_HDR WHERE BILL_PAT_ID = p.PAT_ID)) DESC, PAT_ID`,
    );
    return rows.map((r) => Number(r.PAT_ID));
  }

  async function mergedId(): Promise<number> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'M' ORDER BY PAT_ID LIMIT 1",
    );
    return Number(rows[0]?.PAT_ID);
  }

  const syncCaughtUp = (sentinel: number) => caughtUp(f, sentinel);

  /** An answer without its stamps, which move with the clock between two requests. */
  function unstamped(answer: Answer): Record<string, unknown> {
    const {
      PAT_CRT_DT: _created,
      PAT_UPD_DT: _updated,
      ...rest
    } = JSON.parse(answer.text) as Record<string, unknown>;
    return rest;
  }

  it('merges as the clinic does: its answer, appointments and invoices moved, replaced-by in FHIR', async () => {
    const [from, into] = (await activeIds()) as [number, number];
    const before = Number((await f.clinicRow(from))!.PAT_VER);
    const appointments = await count('SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?', [
      from,
    ]);
    const invoices = await count('SELECT COUNT(*) AS n FROM BILL_HDR WHERE BILL_PAT_ID = ?', [
      from,
    ]);
    const repointed = await count(
      "SELECT COUNT(*) AS n FROM PATIENT_MST WHERE PAT_MRG_TO = ? AND PAT_STAT = 'M'",
      [from],
    );
    assert.ok(
      appointments > 0 && invoices > 0,
      'the seed gave the duplicate appointments and invoices',
    );

    const merged = await call(service, 'POST', `/api/patients/${from}/merge`, json({ into }));
    assert.equal(merged.status, 200);
    assert.match(merged.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
    assert.equal(
      merged.text,
      JSON.stringify({
        PAT_ID: from,
        PAT_STAT: 'M',
        PAT_MRG_TO: into,
        APPTS_MOVED: appointments,
        BILLS_MOVED: invoices,
        PATS_REPOINTED: repointed,
      }),
    );

    // In the clinic as the request answered, as the clinic's own merge leaves it.
    const row = (await f.clinicRow(from))!;
    assert.deepEqual([row.PAT_STAT, row.PAT_MRG_TO, row.PAT_VER], ['M', into, before + 1]);
    assert.equal(
      await count('SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?', [from]),
      0,
    );
    assert.equal(
      await count('SELECT COUNT(*) AS n FROM BILL_HDR WHERE BILL_PAT_ID = ?', [from]),
      0,
    );
    assert.deepEqual(await inService(from), row);
    const [pointing] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT * FROM PATIENT_MST WHERE PAT_MRG_TO = ? AND PAT_STAT = 'M' ORDER BY PAT_ID",
      [into],
    );
    assert.ok(pointing.length >= repointed + 1);
    for (const merged of pointing) {
      assert.deepEqual(await inService(Number(merged.PAT_ID)), { ...merged }, 're-pointed too');
    }

    // A read of the merged id: the survivor, from either side, byte for byte.
    const fromClinic = await call(f.clinicUrl, 'GET', `/api/patients/${from}`);
    const fromService = await call(service, 'GET', `/api/patients/${from}`);
    assert.equal(fromService.status, 200);
    assert.equal(fromService.text, fromClinic.text);
    assert.equal(fromService.headers.get('x-clinic-merged-from'), String(from));

    const fhir = await call(service, 'GET', `/fhir/Patient/${from}`);
    const resource = JSON.parse(fhir.text) as { active: boolean; link: unknown };
    assert.equal(resource.active, false);
    assert.deepEqual(resource.link, [
      { other: { reference: `Patient/${into}` }, type: 'replaced-by' },
    ]);

    // Write-back read the service's side of the merge and did not apply it a second time.
    await syncCaughtUp(into);
    assert.equal((await f.clinicRow(from))?.PAT_VER, before + 1);
  });

  it('answers a merge the clinic refuses with the clinic’s own error, byte for byte', async () => {
    const [a, b] = (await activeIds()).slice(2) as [number, number];
    const merged = await mergedId();
    const cases: ReadonlyArray<[string, string | object]> = [
      [`/api/patients/999999/merge`, { into: a }],
      [`/api/patients/${a}/merge`, { into: 999999 }],
      [`/api/patients/${a}/merge`, { into: a }],
      [`/api/patients/${a}/merge`, {}],
      [`/api/patients/${a}/merge`, { into: 'b' }],
      [`/api/patients/${a}/merge`, { into: 1.5 }],
      [`/api/patients/${a}/merge`, '[1]'],
      [`/api/patients/0${a}/merge`, { into: b }],
      [`/api/patients/${merged}/merge`, { into: a }],
      [`/api/patients/${a}/merge`, { into: merged }],
    ];
    for (const [path, body] of cases) {
      const clinic = await call(f.clinicUrl, 'POST', path, json(body));
      const answer = await call(service, 'POST', path, json(body));
      assert.ok(clinic.status >= 400, `the clinic refused ${path} ${JSON.stringify(body)}`);
      assert.deepEqual(
        [answer.status, answer.text],
        [clinic.status, clinic.text],
        `${path} ${JSON.stringify(body)}`,
      );
    }
  });

  it('deletes as the clinic deactivates: PAT_STAT I, conditional on If-Match, before it answers', async () => {
    const id = (await activeIds())[4]!;
    const version = Number((await f.clinicRow(id))!.PAT_VER);

    const stale = await call(service, 'DELETE', `/fhir/Patient/${id}`, {
      headers: { 'if-match': `W/"${version - 1}"` },
    });
    assert.equal(stale.status, 412);
    assert.equal((await f.clinicRow(id))?.PAT_STAT, 'A');

    const deleted = await call(service, 'DELETE', `/fhir/Patient/${id}`, {
      headers: { 'if-match': `W/"${version}"` },
    });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.headers.get('etag'), `W/"${version + 1}"`);
    const row = (await f.clinicRow(id))!;
    assert.deepEqual([row.PAT_STAT, row.PAT_VER], ['I', version + 1]);
    assert.deepEqual(await inService(id), row);

    const read = await call(service, 'GET', `/fhir/Patient/${id}`, { headers: { accept: FHIR } });
    assert.equal((JSON.parse(read.text) as { active: boolean }).active, false);
    const legacy = await call(f.clinicUrl, 'GET', `/api/patients/${id}`);
    assert.equal((await call(service, 'GET', `/api/patients/${id}`)).text, legacy.text);
  });

  it('answers a shadowed write as it would have, and writes nothing on either side', async () => {
    const ids = await activeIds();
    const [id, mergeFrom, mergeInto, sentinel] = ids.slice(6) as [number, number, number, number];
    await syncCaughtUp(sentinel);
    const start = await f.status();
    const clinicBefore = (await f.clinicRow(id))!;
    const version = Number(clinicBefore.PAT_VER);
    const patientsBefore = await count('SELECT COUNT(*) AS n FROM PATIENT_MST', []);
    const apptsBefore = await count('SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?', [
      mergeFrom,
    ]);

    const put = (headers: Record<string, string>, v = version) =>
      call(service, 'PUT', `/api/patients/${id}`, json({ version: v, phone: '555-0199' }, headers));
    const shadowPut = await put(SHADOW);
    const shadowStale = await put(SHADOW, version - 1);
    const create = (headers: Record<string, string>) =>
      call(
        service,
        'POST',
        '/api/patients',
        json({ firstName: 'Ida', lastName: 'Zzshadow' }, headers),
      );
    const shadowCreate = await create(SHADOW);
    const merge = (headers: Record<string, string>) =>
      call(service, 'POST', `/api/patients/${mergeFrom}/merge`, json({ into: mergeInto }, headers));
    const shadowMerge = await merge(SHADOW);
    const shadowDelete = await call(service, 'DELETE', `/fhir/Patient/${mergeInto}`, {
      headers: SHADOW,
    });
    const shadowFhirCreate = await call(service, 'POST', '/fhir/Patient', {
      headers: { 'content-type': FHIR, ...SHADOW },
      body: JSON.stringify({
        resourceType: 'Patient',
        name: [{ family: 'Zzshadow', given: ['Jo'] }],
      }),
    });

    assert.equal(shadowPut.status, 200);
    assert.equal(JSON.parse(shadowPut.text).PAT_VER, version + 1);
    assert.equal(JSON.parse(shadowPut.text).PAT_PHONE, '555-0199');
    assert.equal(shadowStale.status, 409);
    assert.equal(shadowCreate.status, 201);
    assert.equal(shadowMerge.status, 200);
    assert.equal(shadowDelete.status, 204);
    assert.equal(shadowFhirCreate.status, 201);

    // Nothing written: not in the clinic, not in the service.
    assert.deepEqual(await f.clinicRow(id), clinicBefore);
    assert.deepEqual(await inService(id), clinicBefore);
    assert.equal(await count('SELECT COUNT(*) AS n FROM PATIENT_MST', []), patientsBefore);
    assert.equal(
      await count('SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?', [mergeFrom]),
      apptsBefore,
    );
    assert.equal((await f.clinicRow(mergeFrom))?.PAT_STAT, 'A');
    assert.equal((await f.clinicRow(mergeInto))?.PAT_STAT, 'A');
    const [serviceRows] = await f.serviceDb.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM patients',
    );
    assert.equal(Number(serviceRows[0]?.n), patientsBefore);

    // Nothing published: once both connectors are past them, each saw only its sentinel. The
    // clinic's next patient took the id the shadowed create answered: it spent none.
    const next = await syncCaughtUp(sentinel);
    const end = await f.status();
    assert.equal(end.writeBack!.changes - start.writeBack!.changes, 1);
    assert.equal(end.inbound!.changes - start.inbound!.changes, 1);
    assert.equal(JSON.parse(shadowCreate.text).PAT_ID, next);

    // And what it answered is what the same writes answer for real.
    assert.deepEqual(unstamped(await put({})), unstamped(shadowPut));
    const again = await create(SHADOW);
    assert.deepEqual(unstamped(await create({})), unstamped(again));
    assert.equal((await merge({})).text, shadowMerge.text);
  });
});
