import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

interface LiveMode {
  mode: string;
  weight: number;
}
interface RouteBody {
  name: string;
  mode: string;
  weight: number;
  previous: LiveMode | null;
  rollbackTo: LiveMode | null;
}
interface AuditBody {
  actor: string;
  route: string;
  action: string;
}

describe('admin API after an auto-rollback (in-memory control store)', () => {
  let legacy: TestUpstream;
  let broken: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);

  before(async () => {
    legacy = await startTestUpstream('legacy');
    broken = await startTestUpstream('patients', (_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const config = adminTestConfig(
      { legacy: legacy.url, patients: broken.url },
      {
        upstreams: {
          legacy: { url: legacy.url },
          // The breaker must not hide the errors from the SLO window.
          patients: {
            url: broken.url,
            circuit: { consecutiveFailures: 1000, minRequests: 1000 },
          },
        },
        routes: [
          {
            name: 'risky',
            methods: ['GET'],
            path: '/risky',
            mode: 'shadow',
            target: 'patients',
            cohort: { header: 'x-user' },
            slo: { maxErrorRate: 0.05, window: '30s', minRequests: 5 },
          },
        ],
      },
    );
    gateway = await startGateway({ config, port: 0, admin: { port: 0 }, env: {} });
    data = `http://127.0.0.1:${gateway.port}`;
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
  });

  after(async () => {
    await gateway.close();
    await Promise.all([legacy.close(), broken.close()]);
  });

  it('shows the mode the route was rolled back from as previous, without another admin write', async () => {
    await request(admin)
      .put('/admin/routes/risky/mode')
      .set(auth)
      .send({ mode: 'canary', weight: 100, reason: 'start canary' })
      .expect(200);

    await eventually('the auto-rollback is audited', async () => {
      await request(data).get('/risky').set('x-user', 'u1').expect(200);
      const audit = await request(admin).get('/admin/audit?route=risky&limit=1').set(auth);
      const latest = (audit.body.entries as AuditBody[])[0];
      return latest?.action === 'auto-rollback' ? latest : undefined;
    });

    const route = await request(admin).get('/admin/routes/risky').set(auth).expect(200);
    const body = route.body as RouteBody;
    assert.equal(body.mode, 'shadow');
    assert.deepEqual(body.previous, { mode: 'canary', weight: 100 });
    assert.deepEqual(body.rollbackTo, { mode: 'legacy', weight: 0 });
    // The dashboard reads the list: it must agree with the single route.
    const list = await request(admin).get('/admin/routes').set(auth).expect(200);
    const listed = (list.body as RouteBody[]).find((r) => r.name === 'risky');
    assert.deepEqual(listed?.previous, { mode: 'canary', weight: 100 });
  });
});
