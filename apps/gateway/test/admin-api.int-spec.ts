import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer } from './admin.fixtures';

interface RouteBody {
  name: string;
  mode: string;
  definition: { path: string };
  rollbackTo: unknown;
}
interface AuditBody {
  action: string;
  actor: string;
  before: unknown;
}
interface StatsBody {
  route: string;
  requests: number;
  buckets: unknown[];
}

describe('admin API (in-memory control store, real sockets)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    gateway = await startGateway({
      config: adminTestConfig({ legacy: legacy.url, patients: service.url }),
      port: 0,
      admin: { port: 0 },
      env: {},
    });
    data = `http://127.0.0.1:${gateway.port}`;
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
  });

  after(async () => {
    await gateway.close();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('serves the admin API on its own port, never through the data plane', async () => {
    assert.notEqual(gateway.admin!.port, gateway.port);
    await request(data).get('/admin/routes').expect(200);
    assert.equal(legacy.requests.at(-1)?.url, '/admin/routes');
  });

  it('lists routes with their live mode and where a rollback would go', async () => {
    const res = await request(admin).get('/admin/routes').set(auth).expect(200);
    const read = (res.body as RouteBody[]).find((r) => r.name === 'patients-read')!;
    assert.equal(read.mode, 'legacy');
    assert.equal(read.definition.path, '/api/patients/:id');
    assert.equal(read.rollbackTo, null);
  });

  it('answers 404 with a problem for an unknown route', async () => {
    const res = await request(admin).get('/admin/routes/nope').set(auth).expect(404);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.body.code, 'FICUS_ROUTE_UNKNOWN');
    assert.equal(res.body.status, 404);
  });

  it('sends the next request to the new service after PUT mode, and audits who did it', async () => {
    await request(data).get('/api/patients').expect(200);
    assert.equal(legacy.requests.at(-1)?.url, '/api/patients');
    const res = await request(admin)
      .put('/admin/routes/patients-search/mode')
      .set(auth)
      .send({ mode: 'new', reason: 'search carved out' })
      .expect(200);
    assert.equal(res.body.route.mode, 'new');
    assert.equal(res.body.audit.actor, 'admin-token');
    assert.equal(res.body.audit.before.mode, 'legacy');
    assert.equal(res.body.audit.after.mode, 'new');
    const routed = await request(data).get('/api/patients?q=x').expect(200);
    assert.equal(routed.body.upstream, 'patients');
  });

  it('rolls a route back to its previous safe mode', async () => {
    await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'canary', weight: 100 })
      .expect(200);
    assert.equal(
      (await request(data).get('/api/patients/7').set('x-patient-cohort', 'a')).body.upstream,
      'patients',
    );
    const res = await request(admin)
      .post('/admin/routes/patients-read/rollback')
      .set(auth)
      .send({ reason: 'errors up' })
      .expect(200);
    assert.equal(res.body.route.mode, 'legacy');
    assert.equal(res.body.audit.action, 'rollback');
    assert.equal(
      (await request(data).get('/api/patients/7').set('x-patient-cohort', 'a')).body.upstream,
      'legacy',
    );
    const again = await request(admin)
      .post('/admin/routes/patients-read/rollback')
      .set(auth)
      .expect(409);
    assert.equal(again.body.code, 'FICUS_ROUTE_NO_ROLLBACK');
  });

  it('answers 400 naming the field for a bad body, and changes nothing', async () => {
    const bad = await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'canry', weight: 101, wieght: 5 })
      .expect(400);
    assert.equal(bad.body.code, 'FICUS_ADMIN_BAD_REQUEST');
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    assert.deepEqual(fields, ['mode', 'weight', 'wieght']);
    assert.match(bad.body.detail, /mode: must be one of legacy, shadow, canary, new, retired/);
    const route = await request(admin).get('/admin/routes/patients-read').set(auth).expect(200);
    assert.equal(route.body.mode, 'legacy');
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"mode":')
      .expect(400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('answers 422 when the route cannot be served in the asked mode', async () => {
    const res = await request(admin)
      .put('/admin/routes/patients-search/mode')
      .set(auth)
      .send({ mode: 'canary', weight: 10 })
      .expect(422);
    assert.equal(res.body.code, 'FICUS_ROUTE_INVALID');
    assert.match(res.body.detail, /cohort key/);
  });

  it('keeps the audit log newest first, paginated, with before, after and actor', async () => {
    const first = await request(admin).get('/admin/audit?limit=2').set(auth).expect(200);
    assert.equal(first.body.entries.length, 2);
    assert.equal(first.body.entries[0].action, 'rollback');
    assert.ok(first.body.entries[0].id > first.body.entries[1].id);
    const second = await request(admin)
      .get(`/admin/audit?limit=50&before=${first.body.next}`)
      .set(auth)
      .expect(200);
    const entries = second.body.entries as AuditBody[];
    const actions = entries.map((e) => e.action);
    assert.ok(actions.includes('seed-insert'));
    const seeded = entries.find((e) => e.action === 'seed-insert')!;
    assert.equal(seeded.actor, 'config-file');
    assert.equal(seeded.before, null);
    await request(admin).get('/admin/audit?limit=0').set(auth).expect(400);
  });

  it('reports parity as paths, kinds and counts', async () => {
    const res = await request(admin)
      .get('/admin/routes/patients-read/parity')
      .set(auth)
      .expect(200);
    assert.deepEqual(Object.keys(res.body).sort(), [
      'comparisons',
      'matches',
      'mismatches',
      'noise',
      'parityRate',
      'route',
      'skipped',
      'totalComparisons',
      'totalMatches',
      'windowMs',
    ]);
    await request(admin).get('/admin/routes/nope/parity').set(auth).expect(404);
  });

  it('serves health and readiness without credentials', async () => {
    await request(admin).get('/health').expect(200, { status: 'ok' });
    const ready = await request(admin).get('/ready').expect(200);
    assert.equal(ready.body.ready, true);
  });

  it('serves Prometheus metrics without credentials', async () => {
    const res = await request(admin).get('/metrics').expect(200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(res.text, /# TYPE ficus_requests_total counter/);
    assert.match(res.text, /ficus_route_mode\{route="patients-search",mode="new"\} 1/);
  });

  it('describes every endpoint in the OpenAPI document, and serves Swagger UI', async () => {
    const res = await request(admin).get('/admin/openapi.json').expect(200);
    const paths = Object.keys(res.body.paths).sort();
    for (const path of [
      '/admin/routes',
      '/admin/routes/{name}',
      '/admin/routes/{name}/mode',
      '/admin/routes/{name}/rollback',
      '/admin/routes/{name}/parity',
      '/admin/audit',
      '/admin/stats',
      '/health',
      '/ready',
      '/metrics',
    ])
      assert.ok(
        paths.includes(path),
        `${path} is not in the OpenAPI document: ${paths.join(', ')}`,
      );
    assert.ok(res.body.components.securitySchemes.bearer);
    const ui = await request(admin).get('/admin/docs').redirects(1).expect(200);
    assert.match(ui.text, /swagger-ui/i);
  });

  it('serves the dashboard page and the JSON it reads', async () => {
    const page = await request(admin).get('/admin/dashboard').expect(200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.match(page.headers['content-security-policy'] ?? '', /script-src 'sha256-/);
    assert.match(page.text, /<table>/);
    assert.doesNotMatch(page.text, /<script src=|<link /);
    for (const path of ['/admin/routes', '/admin/stats', '/admin/audit?limit=15'])
      await request(admin).get(path).set(auth).expect(200);
    const stats = await request(admin).get('/admin/stats').set(auth).expect(200);
    const search = (stats.body.routes as StatsBody[]).find((r) => r.route === 'patients-search')!;
    assert.ok(search.requests >= 2);
    assert.ok(search.buckets.length > 0);
  });
});
