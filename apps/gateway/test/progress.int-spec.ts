import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createLogger } from '@ficus/core';
import {
  createTestDatabase,
  startTestUpstream,
  type RecordedRequest,
  type TestDatabase,
  type TestUpstream,
} from '@ficus/testing';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config/config.schema';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, bearer, eventually } from './admin.fixtures';

const auth = bearer(ADMIN_TOKEN);
/** A patient-like value sent in paths and query strings: progress must never show it. */
const NAME = 'Zelda-Quirinus';

interface Endpoint {
  method: string;
  template: string;
  legacy: number;
  new: number;
  gateway: number;
  unrouted: number;
  lastHit: string;
  lastLegacy: string | null;
  lastUnrouted: string | null;
}
interface RouteProgress {
  route: string;
  mode: string | null;
  legacy: number;
  new: number;
  unrouted: number;
  newShare: number | null;
  lastLegacy: string | null;
  endpoints: Endpoint[];
}
interface Progress {
  persistent: boolean;
  countingSince: string;
  retireQuietForMs: number;
  overall: { legacy: number; new: number; unrouted: number; newShare: number | null };
  routes: RouteProgress[];
}
interface Gate {
  gate: string;
  state: string;
  detail: string;
}

/** The service lacks POST /api/patients/:id/merge and answers as a Ficus service does. */
function service(req: RecordedRequest, res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  if (req.url.endsWith('/merge') || req.url.endsWith('/history')) {
    res.statusCode = 404;
    res.setHeader('x-ficus-unrouted', '1');
    res.end(JSON.stringify({ error: { code: 'CLINIC_ROUTE_NOT_FOUND' } }));
    return;
  }
  if (req.url.endsWith('/404')) {
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: 'CLINIC_NOT_FOUND' } }));
    return;
  }
  res.end(JSON.stringify({ side: 'new', method: req.method, url: req.url }));
}

function legacyClinic(req: RecordedRequest, res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ side: 'legacy', method: req.method, url: req.url, body: req.body }));
}

function config(
  upstreams: { legacy: string; patients: string },
  extra: Record<string, unknown> = {},
): GatewayConfig {
  return gatewayConfigSchema.parse({
    version: 1,
    listen: { port: 0 },
    admin: { port: 0, token: ADMIN_TOKEN },
    upstreams: { legacy: { url: upstreams.legacy }, patients: { url: upstreams.patients } },
    // The test client shares the gateway's event loop: shadow copies must not yield to it.
    limits: { shadowYieldAbove: 1 },
    routes: [
      { name: 'patients-read', methods: ['GET'], path: '/api/patients/:id', target: 'patients' },
      {
        name: 'patients-write',
        methods: ['POST', 'PUT'],
        path: '/api/patients/*',
        target: 'patients',
        cohort: { header: 'x-patient-cohort' },
      },
      {
        name: 'patients-history',
        methods: ['GET'],
        path: '/api/patients/:id/history',
        target: 'patients',
      },
    ],
    ...extra,
  });
}

describe('strangling progress and unrouted requests (real gateway, real upstreams)', () => {
  let legacy: TestUpstream;
  let patients: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;

  const progress = async (): Promise<Progress> =>
    (await request(admin).get('/admin/progress').set(auth).expect(200)).body as Progress;
  const routeOf = (p: Progress, name: string) => p.routes.find((r) => r.route === name)!;
  const move = (route: string, body: Record<string, unknown>) =>
    request(admin).put(`/admin/routes/${route}/mode`).set(auth).send(body);
  const send = async (method: string, path: string, body?: unknown, cohort = 'c') => {
    const res = await fetch(`${data}${path}`, {
      method,
      headers: {
        'x-patient-cohort': cohort,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      upstream: res.headers.get('x-ficus-upstream'),
      text: await res.text(),
    };
  };

  before(async () => {
    legacy = await startTestUpstream('legacy', legacyClinic);
    patients = await startTestUpstream('patients', service);
    gateway = await startGateway({
      config: config({ legacy: legacy.url, patients: patients.url }),
      port: 0,
      admin: { port: 0 },
      env: {},
      logger: createLogger('gateway', { level: 'silent' }),
    });
    data = `http://127.0.0.1:${gateway.port}`;
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
  });

  after(async () => {
    await gateway?.close();
    await legacy?.close();
    await patients?.close();
  });

  it('counts requests per endpoint template with the last hit, never the ids or the query', async () => {
    assert.equal((await send('GET', '/api/patients/12')).upstream, 'legacy');
    await send('GET', `/api/patients/13?name=${NAME}`);
    await send('GET', `/api/billing/${NAME}/8675309`);
    const p = await progress();
    assert.equal(p.persistent, false);
    assert.equal(p.retireQuietForMs, 7 * 86_400_000, 'seven days unless configured');
    const read = routeOf(p, 'patients-read');
    assert.equal(read.mode, 'legacy');
    assert.deepEqual(
      read.endpoints.map((e) => [e.method, e.template, e.legacy, e.new]),
      [['GET', '/api/patients/:id', 2, 0]],
    );
    assert.ok(Date.parse(read.endpoints[0]!.lastHit) >= Date.parse(p.countingSince));
    assert.equal(read.lastLegacy, read.endpoints[0]!.lastHit);
    const unmatched = routeOf(p, '(unmatched)');
    assert.deepEqual(
      unmatched.endpoints.map((e) => [e.method, e.template, e.legacy]),
      [['GET', '/api/billing/:id/:id', 1]],
    );
    const text = JSON.stringify(p);
    // Ids long enough not to turn up by chance in a timestamp or a count.
    for (const secret of [NAME, '/12', '/13', '8675309']) assert.ok(!text.includes(secret), secret);
  });

  it('shows the share of traffic on new code per route and overall', async () => {
    await move('patients-read', { mode: 'new', reason: 'carved out' }).expect(200);
    for (const id of [21, 22, 23, 24, 25, 26]) {
      assert.equal((await send('GET', `/api/patients/${id}`)).upstream, 'new');
    }
    const p = await progress();
    const read = routeOf(p, 'patients-read');
    assert.deepEqual([read.legacy, read.new], [2, 6]);
    assert.equal(read.newShare, 6 / 8);
    assert.deepEqual([p.overall.legacy, p.overall.new], [3, 6]);
    assert.equal(p.overall.newShare, 6 / 9);
    const metrics = await request(admin).get('/metrics').expect(200);
    assert.match(metrics.text, /ficus_traffic_new_share\{route="patients-read"\} 0\.75/);
    assert.match(metrics.text, /ficus_traffic_new_share\{route="\(all\)"\} 0\.66/);
  });

  it('refuses to retire a route legacy served within the window, naming the last hit; force passes and is audited', async () => {
    const refused = await move('patients-read', { mode: 'retired', reason: 'done' }).expect(409);
    const body = refused.body as { code: string; detail: string; errors: Gate[] };
    assert.equal(body.code, 'FICUS_GATE_FAILED');
    const quiet = body.errors.find((g) => g.gate === 'legacyQuiet')!;
    assert.equal(quiet.state, 'fail');
    const last = routeOf(await progress(), 'patients-read').lastLegacy!;
    assert.ok(quiet.detail.includes(last), quiet.detail);
    assert.match(quiet.detail, /GET \/api\/patients\/:id/);
    assert.match(quiet.detail, /7 d with no request served by legacy/);
    assert.match(body.detail, /legacyQuiet/);

    const status = await request(admin).get('/admin/routes/patients-read/status').set(auth);
    assert.equal(
      (status.body as { gates: Gate[] }).gates.find((g) => g.gate === 'legacyQuiet')?.state,
      'fail',
      'status shows what holds the retirement',
    );

    await move('patients-read', { mode: 'retired', force: true }).expect(400);
    const forced = await move('patients-read', {
      mode: 'retired',
      force: true,
      reason: 'the two legacy reads were before the cut-over',
    }).expect(200);
    const audit = (forced.body as { audit: { action: string; reason: string } }).audit;
    assert.equal(audit.action, 'forced');
    assert.match(audit.reason, /forced past legacyQuiet/);
    const gone = await send('GET', '/api/patients/31');
    assert.equal(gone.status, 410);
    const read = routeOf(await progress(), 'patients-read');
    assert.equal(read.endpoints[0]!.gateway, 1, 'the 410 is counted as answered by the gateway');
  });

  it('sends a POST the target has no route for to legacy with its body intact, and counts it as unrouted', async () => {
    await move('patients-write', { mode: 'new', reason: 'writes carved out' }).expect(200);
    const served = await send('PUT', '/api/patients/5', { phone: '555-0100' });
    assert.equal(served.upstream, 'new');
    const missing = await send('PUT', '/api/patients/404', { phone: '555-0100' });
    assert.deepEqual(
      [missing.status, missing.upstream],
      [404, 'new'],
      'no such patient is relayed',
    );

    const before = legacy.requests.length;
    const payload = { into: 7, note: 'x'.repeat(2000) };
    const merged = await send('POST', '/api/patients/6/merge', payload);
    assert.equal(merged.status, 200);
    assert.equal(merged.upstream, 'legacy');
    const atLegacy = legacy.requests.slice(before);
    assert.equal(atLegacy.length, 1);
    assert.deepEqual(
      [atLegacy[0]!.method, atLegacy[0]!.url, JSON.parse(atLegacy[0]!.body)],
      ['POST', '/api/patients/6/merge', payload],
    );
    const atService = patients.requests.filter((r) => r.url === '/api/patients/6/merge');
    assert.equal(atService.length, 1, 'the target was asked once');

    const write = routeOf(await progress(), 'patients-write');
    const merge = write.endpoints.find((e) => e.template === '/api/patients/:id/merge')!;
    assert.deepEqual([merge.method, merge.unrouted, merge.legacy, merge.new], ['POST', 1, 1, 0]);
    assert.equal(write.unrouted, 1);
    const put = write.endpoints.find((e) => e.template === '/api/patients/:id')!;
    assert.deepEqual([put.unrouted, put.new], [0, 2]);
    const metrics = await request(admin).get('/metrics').expect(200);
    assert.match(metrics.text, /ficus_unrouted_total\{route="patients-write"\} 1/);
    assert.match(
      metrics.text,
      /ficus_failopen_total\{route="patients-write",reason="unrouted"\} 1/,
    );
  });

  it('holds every move forward while the step has unrouted requests, naming the endpoint', async () => {
    const status = await request(admin).get('/admin/routes/patients-write/status').set(auth);
    const shown = (status.body as { gates: Gate[]; gatesHold: boolean }).gates.find(
      (g) => g.gate === 'allPathsServed',
    )!;
    assert.equal(shown.state, 'fail');
    assert.match(shown.detail, /POST \/api\/patients\/:id\/merge \(1, last /);
    const refused = await move('patients-write', {
      mode: 'retired',
      reason: 'all writes on new',
    }).expect(409);
    const body = refused.body as { detail: string; errors: Gate[] };
    assert.deepEqual(body.errors.map((g) => g.gate).sort(), ['allPathsServed', 'legacyQuiet']);
    assert.match(body.detail, /POST \/api\/patients\/:id\/merge/);
    // Back to canary: a new step, judged on its own requests; until a merge reaches the target
    // in it, nothing holds the move.
    await move('patients-write', { mode: 'canary', weight: 50, reason: 'fix merge' }).expect(200);
    const inCanary = await request(admin).get('/admin/routes/patients-write/status').set(auth);
    assert.deepEqual((inCanary.body as { gates: Gate[] }).gates, []);
    const asked = () => patients.requests.filter((r) => r.url.endsWith('/merge')).length;
    const was = asked();
    for (let i = 0; asked() === was; i++) {
      assert.ok(i < 200, 'some cohort goes to the new service at 50%');
      const res = await send('POST', '/api/patients/9/merge', { into: 1 }, `cohort-${i}`);
      assert.deepEqual([res.status, res.upstream], [200, 'legacy']);
    }
    const held = await move('patients-write', { mode: 'new', reason: 'all writes' }).expect(409);
    const heldBody = held.body as { errors: Gate[] };
    assert.deepEqual(
      heldBody.errors.map((g) => [g.gate, g.state]),
      [['allPathsServed', 'fail']],
    );
    assert.match(heldBody.errors[0]!.detail, /POST \/api\/patients\/:id\/merge/);
  });

  it('names the endpoint of a status mismatch in shadow parity', async () => {
    await move('patients-history', { mode: 'shadow', reason: 'compare' }).expect(200);
    const res = await send('GET', '/api/patients/8/history');
    assert.deepEqual([res.status, res.upstream], [200, 'legacy']);
    const report = await eventually('the shadow comparison', async () => {
      const r = await request(admin).get('/admin/routes/patients-history/parity').set(auth);
      const body = r.body as { mismatches: Array<{ path: string; kind: string }> };
      return body.mismatches.length ? body : undefined;
    });
    assert.deepEqual(
      report.mismatches.filter((m) => m.kind === 'status').map((m) => m.path),
      ['status of GET /api/patients/:id/history: legacy 200, target 404 no such route'],
    );
  });
});

describe('strangling progress in the control database (real MariaDB, across a restart)', () => {
  let legacy: TestUpstream;
  let patients: TestUpstream;
  let db: TestDatabase;
  const running = new Set<RunningGateway>();

  const start = async () => {
    const gateway = await startGateway({
      config: config(
        { legacy: legacy.url, patients: patients.url },
        { control: { databaseUrl: db.url, pollMs: 100 }, progress: { flushEvery: 200 } },
      ),
      port: 0,
      admin: { port: 0 },
      env: {},
      logger: createLogger('gateway', { level: 'silent' }),
    });
    running.add(gateway);
    return {
      gateway,
      data: `http://127.0.0.1:${gateway.port}`,
      admin: `http://127.0.0.1:${gateway.admin!.port}`,
    };
  };

  before(async () => {
    legacy = await startTestUpstream('legacy', legacyClinic);
    patients = await startTestUpstream('patients', service);
    db = await createTestDatabase('gateway_progress');
  });

  after(async () => {
    for (const g of running) await g.close();
    await legacy?.close();
    await patients?.close();
    await db?.drop();
  });

  it('keeps the counts and the last legacy hit across a restart, so retiring is still refused', async () => {
    const first = await start();
    for (const id of [1, 2, 3]) await (await fetch(`${first.data}/api/patients/${id}`)).text();
    await request(first.admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'new', reason: 'carved out' })
      .expect(200);
    await (await fetch(`${first.data}/api/patients/4`)).text();
    const before = (await request(first.admin).get('/admin/progress').set(auth).expect(200))
      .body as Progress;
    running.delete(first.gateway);
    await first.gateway.close();

    const second = await start();
    const after = (await request(second.admin).get('/admin/progress').set(auth).expect(200))
      .body as Progress;
    assert.equal(after.persistent, true);
    assert.equal(after.countingSince, before.countingSince);
    const read = after.routes.find((r) => r.route === 'patients-read')!;
    assert.deepEqual([read.legacy, read.new], [3, 1]);
    assert.equal(
      read.lastLegacy,
      before.routes.find((r) => r.route === 'patients-read')!.lastLegacy,
    );
    const refused = await request(second.admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'retired', reason: 'done' })
      .expect(409);
    assert.match((refused.body as { detail: string }).detail, new RegExp(read.lastLegacy!));
  });
});
