import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

describe('mode change while requests are in flight', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  const held: ServerResponse[] = [];

  before(async () => {
    // Legacy holds /api/patients/slow open until the test lets it answer.
    legacy = await startTestUpstream('legacy', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/patients/slow') held.push(res);
      else res.end(JSON.stringify({ upstream: 'legacy', url: req.url }));
    });
    service = await startTestUpstream('patients');
    gateway = await startGateway({
      config: adminTestConfig({ legacy: legacy.url, patients: service.url }),
      port: 0,
      admin: { port: 0 },
      env: {},
    });
  });

  after(async () => {
    for (const res of held) res.destroy();
    await gateway.close();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('finishes requests in flight where they started and sends new ones to the new mode', async () => {
    const data = `http://127.0.0.1:${gateway.port}`;
    const admin = `http://127.0.0.1:${gateway.admin!.port}`;
    const inFlight = request(data)
      .get('/api/patients/slow')
      .then((res) => res);
    await eventually('the slow request reaches legacy', () =>
      Promise.resolve(held.length === 1 ? true : undefined),
    );

    await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(bearer(ADMIN_TOKEN))
      .send({ mode: 'new', reason: 'cut over' })
      .expect(200);
    const next = await request(data).get('/api/patients/7').expect(200);
    assert.equal(next.body.upstream, 'patients');

    held[0]!.end(JSON.stringify({ upstream: 'legacy', url: '/api/patients/slow' }));
    const first = await inFlight;
    assert.equal(first.status, 200);
    assert.equal(first.body.upstream, 'legacy');
    assert.equal(service.requests.filter((r) => r.url === '/api/patients/slow').length, 0);
  });
});
