import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer } from './admin.fixtures';

interface Point {
  start: string;
  end: string;
  legacy: number;
  new: number;
  gateway: number;
}
interface Traffic {
  intervalMs: number;
  windowMs: number;
  routes: Array<{ route: string; points: Point[] }>;
}

describe('GET /admin/traffic (real gateway, real upstreams)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);

  const traffic = async () =>
    (await request(admin).get('/admin/traffic').set(auth).expect(200)).body as Traffic;
  const totals = (t: Traffic, route: string) => {
    const points = t.routes.find((r) => r.route === route)?.points ?? [];
    const sum = (k: 'legacy' | 'new' | 'gateway') => points.reduce((n, p) => n + p[k], 0);
    return { legacy: sum('legacy'), new: sum('new'), gateway: sum('gateway') };
  };
  const get = async (path: string) => {
    const res = await fetch(`${data}${path}`);
    await res.arrayBuffer();
    return res.status;
  };

  before(async () => {
    const answer = (side: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
      res.end(side);
    legacy = await startTestUpstream('legacy', answer('legacy'));
    service = await startTestUpstream('patients', answer('patients'));
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

  it('needs the admin token, like every read endpoint once one is configured', async () => {
    const res = await request(admin).get('/admin/traffic').expect(401);
    assert.equal(res.body.code, 'FICUS_ADMIN_UNAUTHENTICATED');
  });

  it('counts each request under the side that answered it, per route, as soon as it was answered', async () => {
    const start = await traffic();
    assert.equal(start.intervalMs, 10_000);
    assert.equal(start.windowMs, 900_000);
    assert.deepEqual(
      start.routes.map((r) => r.route),
      ['patients-read', 'patients-search'],
    );
    assert.deepEqual(totals(start, 'patients-read'), { legacy: 0, new: 0, gateway: 0 });

    for (let i = 0; i < 3; i++) assert.equal(await get(`/api/patients/${i}`), 200);
    await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'new', reason: 'traffic test' })
      .expect(200);
    for (let i = 0; i < 2; i++) assert.equal(await get(`/api/patients/${i}`), 200);
    assert.equal(await get('/api/patients'), 200);

    const now = await traffic();
    assert.deepEqual(totals(now, 'patients-read'), { legacy: 3, new: 2, gateway: 0 });
    assert.deepEqual(totals(now, 'patients-search'), { legacy: 1, new: 0, gateway: 0 });
    const open = now.routes[0]!.points.at(-1)!;
    assert.ok(Date.parse(open.start) <= Date.parse(open.end));
  });
});
