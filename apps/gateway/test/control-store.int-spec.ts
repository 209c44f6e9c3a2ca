import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import request from 'supertest';
import { createLogger } from '@ficus/core';
import { freePort } from '@ficus/infra';
import {
  createTestDatabase,
  startTestUpstream,
  type TestDatabase,
  type TestUpstream,
} from '@ficus/testing';
import type { GatewayConfig } from '../src/config/config.schema';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

const auth = bearer(ADMIN_TOKEN);

// One control database through successive starts and restarts: each test picks up the state
// the previous one left, as a real deployment would.
describe('control store (real MariaDB)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let db: TestDatabase;
  const running = new Set<RunningGateway>();

  const configWith = (extra: Record<string, unknown> = {}): GatewayConfig =>
    adminTestConfig(
      { legacy: legacy.url, patients: service.url },
      { control: { databaseUrl: db.url, pollMs: 100 }, ...extra },
    );
  const start = async (config = configWith()) => {
    // The outage test provokes store errors on purpose; its assertions say what matters.
    const logger = createLogger('gateway', { level: 'silent' });
    const gateway = await startGateway({ config, port: 0, admin: { port: 0 }, env: {}, logger });
    running.add(gateway);
    return {
      gateway,
      data: `http://127.0.0.1:${gateway.port}`,
      admin: `http://127.0.0.1:${gateway.admin!.port}`,
    };
  };
  const stop = async (gateway: RunningGateway) => {
    running.delete(gateway);
    await gateway.close();
  };
  const auditRows = async () => {
    const [rows] = await db.pool.query<RowDataPacket[]>(
      'SELECT actor, route, action, reason FROM ficus_audit ORDER BY id',
    );
    return rows;
  };

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    db = await createTestDatabase('gateway_control');
  });

  after(async () => {
    await Promise.all([...running].map((g) => g.close()));
    await db.drop();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('migrates and seeds the store from the file when replicas start together', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const [routes] = await db.pool.query<RowDataPacket[]>(
      'SELECT name, mode FROM ficus_routes ORDER BY name',
    );
    assert.deepEqual(
      routes.map((r) => [r.name as string, r.mode as string]),
      [
        ['patients-read', 'legacy'],
        ['patients-search', 'legacy'],
      ],
    );
    const audit = await auditRows();
    assert.deepEqual(
      audit.map((r) => [r.actor as string, r.route as string, r.action as string]),
      [
        ['config-file', 'patients-read', 'seed-insert'],
        ['config-file', 'patients-search', 'seed-insert'],
      ],
    );
    await Promise.all([stop(a.gateway), stop(b.gateway)]);
  });

  it('applies a change made on one replica to another within a few polls', async () => {
    const a = await start();
    const b = await start();
    await request(a.admin)
      .put('/admin/routes/patients-search/mode')
      .set(auth)
      .send({ mode: 'new' })
      .expect(200);
    await eventually('replica B routes patients-search to the new service', async () => {
      const res = await request(b.data).get('/api/patients');
      return res.body.upstream === 'patients' ? true : undefined;
    });
    const onB = await request(b.admin).get('/admin/routes/patients-search').set(auth).expect(200);
    assert.equal(onB.body.mode, 'new');
    assert.deepEqual(onB.body.previous, { mode: 'legacy', weight: 0 });

    b.gateway.registry.rollback('patients-search', 'auto-rollback', 'error rate 0.4 over 0.05');
    await eventually('replica A sees the auto-rollback made on B', async () => {
      const res = await request(a.admin).get('/admin/routes/patients-search').set(auth);
      return res.body.mode === 'legacy' ? true : undefined;
    });
    const page = await request(a.admin)
      .get('/admin/audit?route=patients-search&limit=1')
      .set(auth)
      .expect(200);
    const entry = page.body.entries[0];
    assert.equal(entry.actor, 'auto-rollback');
    assert.equal(entry.action, 'auto-rollback');
    assert.equal(entry.before.mode, 'new');
    assert.equal(entry.after.mode, 'legacy');
    assert.equal(entry.reason, 'error rate 0.4 over 0.05');
    await Promise.all([stop(a.gateway), stop(b.gateway)]);
  });

  it('keeps a live mode set through the API across a restart', async () => {
    const first = await start();
    await request(first.admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'canary', weight: 25 })
      .expect(200);
    await stop(first.gateway);
    const before = (await auditRows()).length;

    const second = await start();
    const route = await request(second.admin)
      .get('/admin/routes/patients-read')
      .set(auth)
      .expect(200);
    assert.equal(route.body.mode, 'canary');
    assert.equal(route.body.weight, 25);
    assert.equal((await auditRows()).length, before, 'an unchanged file writes no audit entry');
    await stop(second.gateway);
  });

  it('updates a changed definition from the file but keeps the live mode', async () => {
    const config = configWith();
    config.routes = config.routes.map((r) =>
      r.name === 'patients-read' ? { ...r, methods: ['GET', 'HEAD'] } : r,
    );
    const { gateway, admin } = await start(config);
    const route = await request(admin).get('/admin/routes/patients-read').set(auth).expect(200);
    assert.deepEqual(route.body.definition.methods, ['GET', 'HEAD']);
    assert.equal(route.body.mode, 'canary');
    const last = (await auditRows()).at(-1)!;
    assert.equal(last.action, 'seed-update');
    assert.match(last.reason, /live mode canary kept/);
    await stop(gateway);
  });

  it('lets an edit of the mode in the file win over the live mode, and removes routes gone from the file', async () => {
    const config = configWith();
    config.routes = config.routes
      .filter((r) => r.name === 'patients-read')
      .map((r) => ({ ...r, mode: 'shadow' as const }));
    const { gateway, admin } = await start(config);
    const routes = await request(admin).get('/admin/routes').set(auth).expect(200);
    assert.deepEqual(
      (routes.body as Array<{ name: string; mode: string }>).map((r) => [r.name, r.mode]),
      [['patients-read', 'shadow']],
    );
    const actions = (await auditRows())
      .slice(-2)
      .map((r) => [r.route as string, r.action as string]);
    assert.deepEqual(actions, [
      ['patients-read', 'seed-update'],
      ['patients-search', 'seed-remove'],
    ]);
    await stop(gateway);
  });

  it('keeps routing, refuses changes with 503 and turns unready when the store goes away', async () => {
    const lost = await createTestDatabase('gateway_control_lost');
    const config = configWith({ control: { databaseUrl: lost.url, pollMs: 100 } });
    const { gateway, data, admin } = await start(config);
    await request(admin).get('/ready').expect(200);
    await lost.drop();
    const res = await request(admin)
      .put('/admin/routes/patients-search/mode')
      .set(auth)
      .send({ mode: 'new' })
      .expect(503);
    assert.equal(res.body.code, 'FICUS_CONTROL_STORE_UNAVAILABLE');
    const ready = await eventually('readiness reports the store', async () => {
      const r = await request(admin).get('/ready');
      return r.status === 503 ? r : undefined;
    });
    assert.equal(ready.body.checks.controlStore.code, 'FICUS_CONTROL_STORE_UNAVAILABLE');
    const routed = await request(data).get('/api/patients').expect(200);
    assert.equal(routed.body.upstream, 'legacy');
    await stop(gateway);
  });

  it('refuses to start, binding nothing, when the control database is unreachable', async () => {
    const port = await freePort();
    const config = adminTestConfig(
      { legacy: legacy.url, patients: service.url },
      { control: { databaseUrl: `mysql://root@127.0.0.1:${port}/control`, pollMs: 100 } },
    );
    await assert.rejects(
      startGateway({ config, port, admin: { port: 0 }, env: {} }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'FICUS_CONTROL_STORE_UNAVAILABLE');
        assert.doesNotMatch(err.message, /root@/);
        return true;
      },
    );
    const probe = createServer();
    await new Promise<void>((done, fail) =>
      probe.once('error', fail).listen(port, '127.0.0.1', done),
    );
    await new Promise<void>((done) => probe.close(() => done()));
  });
  it('shares forced moves and aborts between replicas through the audit log', async () => {
    const shared = await createTestDatabase('gateway_control_gates');
    const config = configWith({
      control: { databaseUrl: shared.url, pollMs: 100 },
      gates: { patients: { shadow: { minComparisons: 1000 } } },
    });
    const a = await start(config);
    const b = await start(config);
    const move = (body: object) =>
      request(a.admin).put('/admin/routes/patients-read/mode').set(auth).send(body);
    await move({ mode: 'shadow' }).expect(200);
    const refused = await move({ mode: 'canary', weight: 10 }).expect(409);
    assert.equal(refused.body.code, 'FICUS_GATE_FAILED');
    await move({ mode: 'canary', weight: 10, force: true, reason: 'compared by hand' }).expect(200);
    await eventually('replica B serves the forced canary', async () => {
      const res = await request(b.admin).get('/admin/routes/patients-read').set(auth);
      return res.body.mode === 'canary' ? true : undefined;
    });
    await request(b.admin)
      .post('/admin/routes/patients-read/abort')
      .set(auth)
      .send({ reason: 'incident' })
      .expect(200);
    const page = await eventually('replica A reads the abort made on B', async () => {
      const res = await request(a.admin).get('/admin/audit?route=patients-read&limit=3').set(auth);
      const body = res.body as { entries: Array<{ action: string; after: { mode: string } }> };
      return body.entries[0]?.action === 'abort' ? body : undefined;
    });
    assert.deepEqual(
      page.entries.map((e) => [e.action, e.after.mode]),
      [
        ['abort', 'legacy'],
        ['forced', 'canary'],
        ['set-mode', 'shadow'],
      ],
    );
    await Promise.all([stop(a.gateway), stop(b.gateway)]);
    await shared.drop();
  });
});
