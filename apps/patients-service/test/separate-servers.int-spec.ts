import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import type { ReconciliationReport } from '../src/modules/patients/infrastructure/legacy-sync/patient-reconciliation';
import { freePort, type MariaDbInstance } from '@ficus/infra';
import { privateMariaDb } from '@ficus/testing';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import {
  caughtUp,
  clinicCall,
  eventually,
  openSync,
  type SyncFixture,
} from './legacy-sync-fixture';

/**
 * The clinic on one MariaDB and the patients service on another, each with the binlog on, the
 * sync's user on the clinic holding only the grants the service's docs list and the service's
 * user owning only its own database: the two-way sync needs nothing across the two servers.
 */
const ROUNDS = 12;
const PATIENT = 1;

async function put(base: string, version: number, phone: string) {
  const res = await fetch(`${base}/api/patients/${PATIENT}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version, phone }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function versionAt(base: string): Promise<number> {
  const res = await fetch(`${base}/api/patients/${PATIENT}`);
  assert.equal(res.status, 200);
  return Number(((await res.json()) as { PAT_VER: number }).PAT_VER);
}

describe('patients service: the clinic and the service on separate servers', () => {
  const dirs: string[] = [];
  const servers: MariaDbInstance[] = [];
  let f: SyncFixture;
  let serviceUrl: string;

  before(async () => {
    for (const [name, id] of [
      ['clinic', 11],
      ['service', 12],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), `ficus-ps-${name}-`));
      dirs.push(dir);
      servers.push(await privateMariaDb(dir, await freePort(), [`--server-id=${id}`]));
    }
    f = await openSync('ps_servers', 20, 'legacy', {
      clinic: servers[0]!.url,
      service: servers[1]!.url,
    });
    serviceUrl = await f.listen();
  });
  after(async () => {
    await f?.close();
    for (const server of servers) await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each connector’s offset on the server it reads', async () => {
    const offsets = async (db: SyncFixture['clinicDb']) => {
      const [rows] = await db.pool.query<RowDataPacket[]>(
        'SELECT connector FROM ficus_cdc_offsets ORDER BY connector',
      );
      return rows.map((r) => r.connector as string);
    };
    await eventually('both connectors to commit an offset', async () => {
      const [clinic, service] = await Promise.all([offsets(f.clinicDb), offsets(f.serviceDb)]);
      return clinic.length > 0 && service.length > 0;
    });
    assert.deepEqual(await offsets(f.clinicDb), ['patients-legacy-inbound']);
    assert.deepEqual(await offsets(f.serviceDb), ['patients-legacy-write-back']);
  });

  it('carries a clinic write to the service and a service write to the clinic, without echo', async () => {
    const created = await clinicCall(f, 'POST', '/api/patients', {
      firstName: 'Ada',
      lastName: 'Acrossservers',
    });
    const id = Number(created.PAT_ID);
    const exported = f.app.get(ExportPatientToLegacy);
    await eventually('the clinic insert to reach the service', async () => {
      return (await exported.byId(id))?.PAT_LNAME === 'Acrossservers';
    });

    const version = Number(created.PAT_VER);
    const res = await fetch(`${serviceUrl}/api/patients/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version, phone: '555-0101' }),
    });
    assert.equal(res.status, 200);
    const answered = (await res.json()) as { PAT_VER: number };
    assert.equal(answered.PAT_VER, version + 1, 'the write-through took the clinic’s next version');
    const row = await f.clinicRow(id);
    assert.equal(row?.PAT_PHONE, '555-0101');
    assert.equal(row?.PAT_VER, version + 1);

    // A change only the service's database holds crosses by write-back, over the other server.
    await f.serviceDb.pool.query(
      "UPDATE patients SET email = 'ada@example.test', version = version + 1 WHERE id = ?",
      [id],
    );
    await eventually('write-back to carry the service-only change', async () => {
      return (await f.clinicRow(id))?.PAT_EMAIL === 'ada@example.test';
    });

    // Nothing echoes: a last clinic write crosses once, and afterwards neither side moves.
    await clinicCall(f, 'PUT', `/api/patients/${id}`, {
      version: version + 2,
      phone: '555-0102',
    });
    await eventually('the last clinic write to reach the service', async () => {
      return (await exported.byId(id))?.PAT_PHONE === '555-0102';
    });
    const clinicBefore = await f.clinicRow(id);
    // Both directions read past this point (a change on each side of another patient crossed).
    await caughtUp(f, PATIENT);
    assert.deepEqual(await f.clinicRow(id), clinicBefore, 'the clinic row moved again: an echo');
    assert.equal((await exported.byId(id))?.PAT_VER, version + 3);
  });

  it('still refuses one of two writers from the same version, across the two servers', async () => {
    const initial = await versionAt(f.clinicUrl);
    const acknowledged: Array<{ version: number; phone: string }> = [];
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await eventually('the service to hold the clinic version', async () => {
        const [c, s] = await Promise.all([versionAt(f.clinicUrl), versionAt(serviceUrl)]);
        return c === s;
      });
      const from = await versionAt(f.clinicUrl);
      const answers = await Promise.all([
        put(f.clinicUrl, from, `c-${round}`),
        put(serviceUrl, from, `s-${round}`),
      ]);
      for (const answer of answers) {
        if (answer.status === 200) {
          acknowledged.push({
            version: Number(answer.body.PAT_VER),
            phone: answer.body.PAT_PHONE as string,
          });
        } else {
          assert.equal(answer.status, 409);
          assert.equal((answer.body.error as { code: string }).code, 'CLINIC_VERSION_CONFLICT');
          refused++;
        }
      }
    }
    assert.equal(acknowledged.length, ROUNDS, 'exactly one writer per round is acknowledged');
    assert.equal(refused, ROUNDS);
    const byVersion = [...acknowledged].sort((a, b) => a.version - b.version);
    assert.deepEqual(
      byVersion.map((a) => a.version),
      byVersion.map((_, i) => initial + i + 1),
    );
    await eventually('the two sides to converge', async () => {
      const [c, s] = await Promise.all([
        f.clinicRow(PATIENT),
        f.app.get(ExportPatientToLegacy).byId(PATIENT),
      ]);
      return c?.PAT_VER === s?.PAT_VER && c?.PAT_PHONE === s?.PAT_PHONE;
    });
    assert.equal((await f.clinicRow(PATIENT))?.PAT_PHONE, byVersion.at(-1)!.phone);
  });

  it('reconciles with a digest computed on each server, and repairs a drift', async () => {
    const reconcile = async (repair: boolean) => {
      const res = await f.http().post('/sync/reconcile').send({ repair });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as ReconciliationReport;
    };
    assert.equal((await reconcile(false)).clean, true, 'clean once the sides converged');
    // A clinic field changed with no version bump and behind the sync, as a legacy batch job does.
    const conn = await f.clinicDb.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query(
        "INSERT INTO ficus_sync_marker (writer, seq) VALUES ('legacy-inbound', 1) ON DUPLICATE KEY UPDATE seq = seq + 1",
      );
      await conn.query("UPDATE PATIENT_MST SET PAT_PHONE = '999-DRIFT' WHERE PAT_ID = 3");
      await conn.commit();
    } finally {
      conn.release();
    }
    const found = await reconcile(false);
    assert.deepEqual([found.differing, found.fields], [1, { 'telecom.phone': 1 }]);
    const repaired = await reconcile(true);
    assert.deepEqual(repaired.repair, { repaired: 1, failed: 0 });
    assert.equal((await reconcile(false)).clean, true);
    assert.equal((await f.app.get(ExportPatientToLegacy).byId(3))?.PAT_PHONE, '999-DRIFT');
  });

  it('merges through the service: the clinic moves appointments and invoices, the service follows', async () => {
    const count = async (sql: string, id: number) => {
      const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(sql, [id]);
      return Number(rows[0]?.n);
    };
    const appointments = 'SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?';
    const invoices = 'SELECT COUNT(*) AS n FROM BILL_HDR WHERE BILL_PAT_ID = ?';
    const [candidates] = await f.clinicDb.pool.query<RowDataPacket[]>(
      `SELECT PAT_ID FROM PATIENT_MST p WHERE PAT_STAT = 'A' AND PAT_ID NOT IN (?, 3) ORDER BY
         (EXISTS (SELECT 1 FROM APPT_TRN WHERE APPT_PAT_ID = p.PAT_ID)
          AND EXISTS (SELECT 1 FROM BILL_HDR WHERE BILL_PAT_ID = p.PAT_ID)) DESC, PAT_ID LIMIT 2`,
      [PATIENT],
    );
    const [from, into] = candidates.map((r) => Number(r.PAT_ID)) as [number, number];
    const moved = [await count(appointments, from), await count(invoices, from)];
    assert.ok(
      moved[0]! > 0 && moved[1]! > 0,
      'the seed gave the duplicate appointments and invoices',
    );

    const res = await fetch(`${serviceUrl}/api/patients/${from}/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ into }),
    });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { APPTS_MOVED: number; BILLS_MOVED: number };
    assert.deepEqual([answer.APPTS_MOVED, answer.BILLS_MOVED], moved);
    const row = (await f.clinicRow(from))!;
    assert.deepEqual([row.PAT_STAT, row.PAT_MRG_TO], ['M', into]);
    assert.deepEqual([await count(appointments, from), await count(invoices, from)], [0, 0]);
    assert.deepEqual(await f.app.get(ExportPatientToLegacy).byId(from), row);
  });
});
