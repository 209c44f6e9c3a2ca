import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { freePort } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { gatewayConfigSchema } from '../src/config/config.schema';
import { startGateway, type RunningGateway } from '../src/gateway';

describe('data plane (real sockets)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let slow: TestUpstream;
  let gateway: RunningGateway;
  let base: string;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    slow = await startTestUpstream('slow', (_req, res) => {
      setTimeout(() => res.end('late'), 2_000).unref();
    });
    const deadPort = await freePort();
    const config = gatewayConfigSchema.parse({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        patients: { url: service.url },
        slow: { url: slow.url, timeoutMs: 200 },
        dead: { url: `http://127.0.0.1:${deadPort}` },
      },
      routes: [
        {
          name: 'carved',
          methods: ['GET'],
          path: '/api/practitioners/:id',
          mode: 'new',
          target: 'patients',
        },
        { name: 'timeout', path: '/slow', mode: 'new', target: 'slow' },
        { name: 'down', path: '/down', mode: 'new', target: 'dead' },
      ],
    });
    gateway = await startGateway({ config, port: 0 });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  after(async () => {
    await gateway.close();
    await Promise.all([legacy.close(), service.close(), slow.close()]);
  });

  it('sends unmatched requests to legacy with path, query and body intact', async () => {
    const res = await request(base).post('/api/patients?x=1').send({ a: 1 }).expect(200);
    assert.deepEqual(res.body, { upstream: 'legacy', method: 'POST', url: '/api/patients?x=1' });
    assert.equal(legacy.requests.at(-1)?.body, '{"a":1}');
  });

  it('adds X-Forwarded-For/Proto/Host for the upstream', async () => {
    await request(base).get('/api/anything').set('host', 'clinic.example').expect(200);
    const headers = legacy.requests.at(-1)!.headers;
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'clinic.example');
  });

  it('sends a route in new mode to its target', async () => {
    const res = await request(base).get('/api/practitioners/7').expect(200);
    assert.equal(res.body.upstream, 'patients');
  });

  it('answers 504 with a problem document when the upstream is too slow', async () => {
    const res = await request(base).get('/slow').expect(504);
    assert.equal(res.headers['content-type'], 'application/problem+json');
    assert.equal(res.body.code, 'FICUS_UPSTREAM_TIMEOUT');
  });

  it('answers 502 when the upstream refuses connections, and keeps serving', async () => {
    const res = await request(base).get('/down').expect(502);
    assert.equal(res.body.code, 'FICUS_UPSTREAM_UNAVAILABLE');
    assert.match(res.body.detail, /"dead" refused the connection/);
    await request(base).get('/api/after').expect(200);
  });
});
