import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import request from 'supertest';
import { createLogger } from '@ficus/core';
import {
  createTestDatabase,
  startTestUpstream,
  type TestDatabase,
  type TestUpstream,
} from '@ficus/testing';
import type { GatewayConfig } from '../src/config/config.schema';
import { startGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

const auth = bearer(ADMIN_TOKEN);

interface Schedule {
  state: string;
  next: { mode: string; weight: number } | null;
  dueAt: string | null;
  waitingOn: Array<{ gate: string; state: string; figure: number | null }>;
  note: string;
}
interface Status {
  mode: string;
  weight: number;
  schedule: Schedule | null;
}
interface AuditEntry {
  actor: string;
  action: string;
  reason: string;
  after: { mode: string; weight: number } | null;
}

const silent = createLogger('gateway', { level: 'silent' });

/** One gateway with admin API, and the helpers a test drives it with. */
async function open(config: GatewayConfig) {
  const gateway = await startGateway({
    config,
    port: 0,
    admin: { port: 0 },
    env: {},
    logger: silent,
  });
  const admin = `http://127.0.0.1:${gateway.admin!.port}`;
  const data = `http://127.0.0.1:${gateway.port}`;
  const status = async () =>
    (await request(admin).get('/admin/routes/patients-read/status').set(auth).expect(200))
      .body as Status;
  const audit = async () =>
    (
      (await request(admin).get('/admin/audit?route=patients-read&limit=50').set(auth).expect(200))
        .body as { entries: AuditEntry[] }
    ).entries.reverse();
  /** Reads from many cohorts until stopped, so that a canary splits them between both sides. */
  const traffic = () => {
    let on = true;
    const loop = (async () => {
      for (let i = 0; on; i++) {
        const res = await fetch(`${data}/api/patients/${i}`, {
          headers: { 'x-patient-cohort': `c${i}` },
        });
        await res.arrayBuffer();
      }
    })();
    return async () => {
      on = false;
      await loop;
    };
  };
  const until = (what: string, check: (s: Status) => boolean) =>
    eventually(
      what,
      async () => {
        const s = await status();
        return check(s) ? s : undefined;
      },
      60_000,
    );
  return { gateway, admin, status, audit, traffic, until };
}

const json = (res: ServerResponse, code: number) => {
  res.statusCode = code;
  res.setHeader('content-type', 'application/json');
  res.end('{"id":"1","name":"Ann"}');
};

describe('step schedule: real traffic through the gateway to real upstreams', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  /** What the new service answers; legacy always answers 200. */
  let serviceCode = 200;

  const config = () =>
    adminTestConfig(
      { legacy: legacy.url, patients: service.url },
      {
        limits: { shadowYieldAbove: 1 },
        gates: { patients: { canary: { minRequests: 3, maxErrorRateOverLegacy: 0.05 } } },
        schedules: { patients: { steps: [25, 50, 100], every: '1s' } },
      },
    );

  before(async () => {
    legacy = await startTestUpstream('legacy', (_req, res: ServerResponse) => json(res, 200));
    service = await startTestUpstream('patients', (_req, res: ServerResponse) =>
      json(res, serviceCode),
    );
  });
  after(async () => {
    await Promise.all([legacy.close(), service.close()]);
  });

  it('raises the weight step by step while the gates hold, and promotes to new', async () => {
    serviceCode = 200;
    const g = await open(config());
    const stop = g.traffic();
    try {
      await request(g.admin).put('/admin/routes/patients-read/mode').set(auth).send({
        mode: 'shadow',
      });
      const started = await request(g.admin)
        .post('/admin/routes/patients-read/schedule')
        .set(auth)
        .send({ reason: 'reads are ready' })
        .expect(200);
      assert.equal((started.body as { schedule: Schedule }).schedule.state, 'running');
      assert.deepEqual((started.body as { schedule: Schedule }).schedule.next, {
        mode: 'canary',
        weight: 25,
      });
      const done = await g.until('the schedule to promote the route', (s) => s.mode === 'new');
      assert.equal(done.schedule?.state, 'done');
      const steps = (await g.audit()).filter((e) => e.action === 'schedule-step');
      assert.deepEqual(
        steps.map((e) => [e.actor, e.after?.mode, e.after?.weight]),
        [
          ['schedule', 'canary', 25],
          ['schedule', 'canary', 50],
          ['schedule', 'new', 50],
        ],
      );
    } finally {
      await stop();
      await g.gateway.close();
    }
  });

  it('rolls back to legacy when the new service errors more than legacy at a step time', async () => {
    serviceCode = 503;
    const g = await open(config());
    const stop = g.traffic();
    try {
      await request(g.admin).put('/admin/routes/patients-read/mode').set(auth).send({
        mode: 'shadow',
      });
      await request(g.admin).post('/admin/routes/patients-read/schedule').set(auth).expect(200);
      const back = await g.until('the schedule to roll back', (s) => s.mode === 'legacy');
      assert.equal(back.schedule?.state, 'rolled-back');
      assert.match(back.schedule.note, /maxErrorRateOverLegacy broke at canary 25%/);
      const last = (await g.audit()).at(-1)!;
      assert.deepEqual([last.actor, last.action], ['schedule', 'auto-rollback']);
      assert.match(last.reason, /error rate .* \(new\) against 0\.00% \(legacy\).*back to legacy/);
    } finally {
      await stop();
      await g.gateway.close();
    }
  });

  it("stops at an operator's move and says so in the status", async () => {
    serviceCode = 200;
    const g = await open(
      adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        { schedules: { patients: { steps: [10, 100], every: '1h' } } },
      ),
    );
    try {
      await request(g.admin).put('/admin/routes/patients-read/mode').set(auth).send({
        mode: 'shadow',
      });
      await request(g.admin).post('/admin/routes/patients-read/schedule').set(auth).expect(200);
      await g.until('the first step', (s) => s.mode === 'canary');
      const running = await g.status();
      assert.deepEqual(running.schedule?.next, { mode: 'new', weight: 10 });
      assert.ok(Date.parse(running.schedule.dueAt!) > Date.now());
      await request(g.admin)
        .post('/admin/routes/patients-read/abort')
        .set(auth)
        .send({ reason: 'incident' })
        .expect(200);
      const stopped = await g.status();
      assert.equal(stopped.mode, 'legacy');
      assert.equal(stopped.schedule?.state, 'cancelled');
      assert.match(stopped.schedule.note, /abort to legacy/);
    } finally {
      await g.gateway.close();
    }
  });
});

describe('step schedule in the shared control store (real MariaDB)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let db: TestDatabase;

  before(async () => {
    legacy = await startTestUpstream('legacy', (_req, res: ServerResponse) => json(res, 200));
    service = await startTestUpstream('patients', (_req, res: ServerResponse) => json(res, 200));
    db = await createTestDatabase('gateway_schedule');
  });
  after(async () => {
    await db.drop();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('is taken once by two replicas, and carries on after a restart where it was', async () => {
    const config = adminTestConfig(
      { legacy: legacy.url, patients: service.url },
      {
        control: { databaseUrl: db.url, pollMs: 100 },
        schedules: { patients: { steps: [50, 100], every: '15s' } },
      },
    );
    const [a, b] = await Promise.all([open(config), open(config)]);
    await request(a.admin).put('/admin/routes/patients-read/mode').set(auth).send({
      mode: 'shadow',
    });
    await request(a.admin).post('/admin/routes/patients-read/schedule').set(auth).expect(200);
    await b.until('the first step on the other replica', (s) => s.mode === 'canary');
    await Promise.all([a.gateway.close(), b.gateway.close()]);
    const [rows] = await db.pool.query<RowDataPacket[]>(
      "SELECT action FROM ficus_audit WHERE action = 'schedule-step'",
    );
    assert.equal(rows.length, 1, 'two replicas took the first step once');
    const [left] = await db.pool.query<RowDataPacket[]>(
      "SELECT state FROM ficus_schedules WHERE route = 'patients-read'",
    );
    assert.equal(left[0]?.state, 'running', 'the schedule is stored as running at shutdown');

    const c = await open(config);
    try {
      const done = await c.until('the last step after the restart', (s) => s.mode === 'new');
      assert.equal(done.schedule?.state, 'done');
      const [steps] = await db.pool.query<RowDataPacket[]>(
        "SELECT actor FROM ficus_audit WHERE action = 'schedule-step' ORDER BY id",
      );
      assert.equal(steps.length, 2);
    } finally {
      await c.gateway.close();
    }
  });
});
