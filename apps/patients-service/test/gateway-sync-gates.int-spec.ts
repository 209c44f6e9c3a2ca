import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '@ficus/infra';
import { eventually, openSync, type SyncFixture } from './legacy-sync-fixture';

const TOKEN = 'sync-gates-admin-token-0123456789';

interface Gate {
  gate: string;
  state: string;
  figure: number | null;
  detail: string;
}

/**
 * The gateway's lag and dead-letter gates read from this service while its two-way sync runs with
 * the clinic: the gateway process (apps never import apps) is pointed at the service's real
 * GET /sync/status, and changes made on both sides give both directions a lag to measure.
 */
describe('gateway lag and dead-letter gates against the running patients sync', () => {
  let f: SyncFixture;
  let gateway: ChildProcess;
  let adminUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'ficus-sync-gates-'));

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    f = await openSync('ps_gw_gates', 20);
    const serviceUrl = await f.listen();
    const adminPort = await freePort();
    adminUrl = `http://127.0.0.1:${adminPort}`;
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      `version: 1
upstreams:
  legacy: { url: "${f.clinicUrl}" }
  patients: { url: "${serviceUrl}" }
routes:
  - { name: patients-read, methods: [GET], path: /api/patients/:id, target: patients }
gates:
  patients-read:
    legacy: { maxCdcLagMs: 60000, maxSyncLagMs: 60000, maxDeadLetters: 0 }
`,
    );
    gateway = spawn(process.execPath, ['dist/apps/gateway/src/main.js'], {
      env: {
        ...process.env,
        FICUS_CONFIG: config,
        FICUS_GATEWAY_PORT: String(await freePort()),
        FICUS_ADMIN_PORT: String(adminPort),
        FICUS_ADMIN_TOKEN: TOKEN,
        FICUS_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await waitFor(
      'the gateway',
      async () => (await fetch(`${adminUrl}/ready`).catch(() => undefined))?.ok === true,
      { timeoutMs: 30_000, abortIf: () => (gateway.exitCode !== null ? 'it exited' : undefined) },
    );
  });

  after(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((done) => gateway.once('exit', done));
      gateway.kill('SIGTERM');
      await exited;
    }
    await f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes on the service's measured inbound and write-back lag and no dead letter, then lets the move through", async () => {
    // One change on each side: the clinic's reaches the service (inbound), the service's the
    // clinic (write-back), and each direction then has a lag figure.
    const [[row]] = (await f.clinicDb.pool.query(
      "SELECT PAT_ID AS id FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
    )) as unknown as [[{ id: number }]];
    await f.clinicDb.pool.query(
      'UPDATE PATIENT_MST SET PAT_PHONE = ?, PAT_VER = PAT_VER + 1 WHERE PAT_ID = ?',
      ['555-0101', row.id],
    );
    await f.serviceDb.pool.query(
      'UPDATE patients SET phone = ?, version = version + 1 WHERE id = ?',
      ['555-0102', row.id + 1],
    );
    await eventually(
      'both directions to report a lag',
      async () => {
        const s = await f.status();
        return s.inbound?.lagMs.p99 != null && s.writeBack?.lagMs.p99 != null;
      },
      60_000,
    );

    let gates: Gate[] = [];
    await eventually(
      'the gateway to read the sync status',
      async () => {
        const { body } = await admin('GET', '/admin/routes/patients-read/status');
        gates = body.gates as Gate[];
        return gates.every((g) => g.state === 'pass');
      },
      60_000,
    );
    const status = await f.status();
    assert.deepEqual(
      gates.map((g) => [g.gate, g.state]),
      [
        ['maxCdcLagMs', 'pass'],
        ['maxSyncLagMs', 'pass'],
        ['maxDeadLetters', 'pass'],
      ],
    );
    assert.equal(typeof gates[0]!.figure, 'number');
    assert.equal(typeof gates[1]!.figure, 'number');
    assert.equal(gates[2]!.figure, status.inbound!.deadLetters + status.writeBack!.deadLetters);
    assert.match(gates[0]!.detail, /CDC \(inbound sync\) lag p99 \d+ ms, at most 60000 ms/);

    const moved = await admin('PUT', '/admin/routes/patients-read/mode', { mode: 'shadow' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  });
});
