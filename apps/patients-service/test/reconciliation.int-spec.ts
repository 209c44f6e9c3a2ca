import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { ReconciliationReport } from '../src/modules/patients/infrastructure/legacy-sync/patient-reconciliation';
import { caughtUp, eventually, openSync, type SyncFixture } from './legacy-sync-fixture';

const PATIENTS = 60;
/** Small chunks, so a drifted row leaves the other chunks unfetched. */
const CHUNK = 10;

/** Writes as if the sync had made them: the reading connector skips the transaction. */
async function behindTheSync(pool: Pool, statements: Array<[string, unknown[]]>): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query(
      "INSERT INTO ficus_sync_marker (writer, seq) VALUES ('legacy-inbound', 1), ('legacy-write-back', 1) ON DUPLICATE KEY UPDATE seq = seq + 1",
    );
    for (const [sql, params] of statements) await conn.query(sql, params);
    await conn.commit();
  } finally {
    conn.release();
  }
}

/** The `ficus` command, as an operator runs it. */
function ficus(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['dist/apps/cli/src/main.js', ...args], (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('patients service: reconciliation of the clinic and the service', () => {
  let f: SyncFixture;
  let serviceUrl: string;

  before(async () => {
    f = await openSync('ps_recon', PATIENTS);
    serviceUrl = await f.listen();
  });
  after(async () => {
    await f?.close();
  });

  async function reconcile(repair = false): Promise<ReconciliationReport> {
    const res = await f.http().post('/sync/reconcile').send({ repair, chunkSize: CHUNK });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as ReconciliationReport;
  }

  async function version(pool: Pool, sql: string, id: number): Promise<number> {
    const [rows] = await pool.query<RowDataPacket[]>(sql, [id]);
    return Number(rows[0]?.v);
  }
  const clinicVersion = (id: number) =>
    version(f.clinicDb.pool, 'SELECT PAT_VER AS v FROM PATIENT_MST WHERE PAT_ID = ?', id);
  const serviceVersion = (id: number) =>
    version(f.serviceDb.pool, 'SELECT version AS v FROM patients WHERE id = ?', id);

  it('reports zero on a clean run under live writes through both APIs', async () => {
    let writing = true;
    let writes = 0;
    const writer = async (base: string, ids: number[]) => {
      for (let i = 0; writing; i++) {
        const id = ids[i % ids.length]!;
        const read = await fetch(`${base}/api/patients/${id}`);
        const { PAT_VER } = (await read.json()) as { PAT_VER: number };
        const res = await fetch(`${base}/api/patients/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ version: PAT_VER, phone: `555-${i}` }),
        });
        await res.arrayBuffer();
        assert.ok(res.status === 200 || res.status === 409, `PUT answered ${res.status}`);
        if (res.status === 200) writes++;
      }
    };
    const writers = [writer(f.clinicUrl, [3, 14, 25, 36]), writer(serviceUrl, [4, 15, 25, 47])];
    try {
      const first = await reconcile();
      const second = await reconcile();
      for (const report of [first, second]) {
        assert.equal(report.differences, 0, JSON.stringify(report));
        assert.equal(report.clean, true);
        assert.equal(report.rows.legacy, PATIENTS);
      }
      assert.equal(first.chunks.fetched, first.chunks.compared, 'the first run has no baseline');
      assert.ok(
        second.chunks.fetched < second.chunks.compared,
        'chunks unchanged since a clean look are not fetched again',
      );
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    assert.ok(writes > 0, 'writes went on during the runs');
    await caughtUp(f, 59);
    assert.equal((await reconcile()).differences, 0);
    const quiet = await reconcile();
    assert.equal(quiet.differences, 0);
    assert.equal(quiet.chunks.fetched, 0, 'nothing changed: no row crosses the wire');
  });

  it('finds drift injected by hand by kind and field path, without values, and repairs it without echo', async () => {
    assert.equal((await reconcile()).clean, true, 'clean before the drift, with a baseline');
    // A row deleted from the service, another from the clinic, each behind the sync.
    await behindTheSync(f.serviceDb.pool, [['DELETE FROM patients WHERE id = ?', [7]]]);
    await behindTheSync(f.clinicDb.pool, [['DELETE FROM PATIENT_MST WHERE PAT_ID = ?', [18]]]);
    // A field changed in the clinic with no version bump (as a legacy batch job does).
    await behindTheSync(f.clinicDb.pool, [
      ["UPDATE PATIENT_MST SET PAT_PHONE = '999-DRIFT-1' WHERE PAT_ID = ?", [29]],
    ]);
    // A field changed in the service with a version bump that never crossed.
    await behindTheSync(f.serviceDb.pool, [
      ["UPDATE patients SET family_name = 'Zzdriftname', version = version + 1 WHERE id = ?", [41]],
    ]);
    // A clinic row the adapter refuses: dead-lettered by inbound.
    await f.clinicDb.pool.query(
      "INSERT INTO PATIENT_MST (PAT_FNAME, PAT_LNAME, PAT_DOB, PAT_SEX) VALUES ('Bad', 'Zzrecon', '2019XX01', 'F')",
    );
    await eventually('the dead letter', async () => (await f.status()).inbound?.deadLetters === 1);

    const found = await reconcile();
    assert.equal(found.missing, 1);
    assert.equal(found.extra, 1);
    assert.equal(found.differing, 2);
    assert.deepEqual(found.fields, { 'name.family': 1, 'telecom.phone': 1, version: 1 });
    assert.deepEqual(found.untranslatable, { legacy: { PAT_DOB: 1 }, service: {} });
    assert.equal(found.differences, 5);
    assert.equal(found.remaining, 5);
    assert.equal(found.clean, false);
    assert.equal(found.repair, null);
    const text = JSON.stringify(found);
    for (const value of ['999-DRIFT-1', 'Zzdriftname', '2019XX01', 'Zzrecon']) {
      assert.ok(!text.includes(value), 'the report carries no patient values');
    }
    const metrics = await (await fetch(`${serviceUrl}/metrics`)).text();
    assert.match(
      metrics,
      /ficus_reconciliation_differences\{entity="patients",kind="remaining"\} 5/,
    );

    const versions = { 29: await clinicVersion(29), 41: await serviceVersion(41) };
    const cli = await ficus([
      'reconcile',
      'patients',
      '--repair',
      '--json',
      '--service-url',
      serviceUrl,
    ]);
    assert.equal(cli.code, 8, `exit code 8: rows still differ (${cli.stderr})`);
    const repaired = JSON.parse(cli.stdout) as ReconciliationReport;
    assert.deepEqual(repaired.repair, { repaired: 4, failed: 0 });
    assert.equal(repaired.remaining, 1, 'the untranslatable row is left for a person to fix');
    assert.equal(repaired.clean, false);

    // Each side now holds the winner, at the winner's version: nothing echoed back.
    await caughtUp(f, 58);
    assert.equal(await serviceVersion(7), await clinicVersion(7));
    assert.equal(await clinicVersion(18), await serviceVersion(18));
    assert.equal(await clinicVersion(29), versions[29]);
    assert.equal(await serviceVersion(29), versions[29]);
    assert.equal(await clinicVersion(41), versions[41]);
    assert.equal(await serviceVersion(41), versions[41]);
    const [phone] = await f.serviceDb.pool.query<RowDataPacket[]>(
      'SELECT phone FROM patients WHERE id = 29',
    );
    assert.equal(phone[0]?.phone, '999-DRIFT-1', "the clinic's row, system of record, won");

    const left = await reconcile();
    assert.equal(left.differences, 1);
    assert.deepEqual(left.untranslatable.legacy, { PAT_DOB: 1 });

    // Fixed at its source, as docs/patients-service.md says: the change then flows.
    await f.clinicDb.pool.query(
      "UPDATE PATIENT_MST SET PAT_DOB = '20190101', PAT_VER = PAT_VER + 1 WHERE PAT_LNAME = 'Zzrecon'",
    );
    await f.serviceDb.pool.query('DELETE FROM legacy_sync_dead_letters');
    await caughtUp(f, 57);
    const clean = await ficus(['reconcile', 'patients', '--service-url', serviceUrl]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /clean: nothing differs/);
    const zero = (await f.http().get('/sync/reconciliation').expect(200))
      .body as ReconciliationReport;
    assert.equal(zero.differences, 0, JSON.stringify(zero));
    assert.equal(zero.clean, true);
  });
});
