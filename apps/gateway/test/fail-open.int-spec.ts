import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { freePort } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

describe('fail-open and circuit breaking', () => {
  let legacy: TestUpstream;
  let slow: TestUpstream;
  let failing: TestUpstream;
  let flaky: TestUpstream;
  let flakyStatus = 500;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    slow = await startTestUpstream('slow', (_req, res) => void setTimeout(() => res.end(), 1_000));
    failing = await startTestUpstream('failing', (_req, res) => {
      res.statusCode = 503;
      res.end('{"error":"down"}');
    });
    flaky = await startTestUpstream('flaky', (_req, res) => {
      res.statusCode = flakyStatus;
      res.end('{"upstream":"flaky"}');
    });
    const lenient = { consecutiveFailures: 1000, minRequests: 1000, windowRequests: 1000 };
    gw = await startDataPlane({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        dead: { url: `http://127.0.0.1:${await freePort()}`, circuit: lenient },
        slow: { url: slow.url, timeoutMs: 100, circuit: lenient },
        failing: { url: failing.url, circuit: lenient },
        flaky: { url: flaky.url, circuit: { consecutiveFailures: 3, coolDownMs: 200 } },
      },
      routes: [
        { name: 'to-dead', path: '/dead', mode: 'new', target: 'dead' },
        { name: 'to-slow', path: '/slow', mode: 'new', target: 'slow' },
        { name: 'to-failing', path: '/failing', mode: 'new', target: 'failing' },
        { name: 'to-flaky', path: '/flaky', mode: 'new', target: 'flaky' },
        {
          name: 'strict',
          path: '/strict',
          mode: 'new',
          target: 'flaky',
          failOpen: { enabled: false },
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy, slow, failing, flaky].map((u) => u.close()));
  });

  const metrics = () => gw.metrics.registry.metrics();

  it('fails a GET open to legacy when the service refuses the connection', async () => {
    const res = await request(gw.base).get('/dead?q=1').expect(200);
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    assert.equal(res.body.url, '/dead?q=1');
    assert.match(await metrics(), /ficus_failopen_total\{route="to-dead",reason="connect"\} 1/);
  });

  it('fails a GET open to legacy when the service times out', async () => {
    const res = await request(gw.base).get('/slow').expect(200);
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    assert.match(await metrics(), /ficus_failopen_total\{route="to-slow",reason="timeout"\} 1/);
  });

  it('fails a GET open to legacy on a 5xx, and replays a small PUT body', async () => {
    const get = await request(gw.base).get('/failing').expect(200);
    assert.equal(get.headers['x-ficus-upstream'], 'legacy');
    const seenBefore = failing.requests.length;
    const put = await request(gw.base).put('/failing').send({ name: 'n' }).expect(200);
    assert.equal(put.headers['x-ficus-upstream'], 'legacy');
    assert.equal(failing.requests.length, seenBefore + 1);
    assert.equal(legacy.requests.at(-1)?.method, 'PUT');
    assert.equal(legacy.requests.at(-1)?.body, '{"name":"n"}');
  });

  it('never replays a POST: the 5xx or the failure goes to the client', async () => {
    const before = legacy.requests.length;
    const refused = await request(gw.base).post('/dead').send({ a: 1 }).expect(502);
    assert.equal(refused.body.code, 'FICUS_UPSTREAM_UNAVAILABLE');
    const failed = await request(gw.base).post('/failing').send({ a: 1 }).expect(503);
    assert.equal(failed.headers['x-ficus-upstream'], 'new');
    assert.equal(legacy.requests.length, before);
  });

  it('opens the circuit after consecutive failures, then half-opens and closes on success', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(gw.base).get('/flaky').expect(200);
      assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    }
    assert.equal(flaky.requests.length, 3);
    assert.match(await metrics(), /ficus_circuit_state\{upstream="flaky"\} 1/);

    // Open: straight to legacy, the service sees nothing; without fail-open, 503.
    const open = await request(gw.base).get('/flaky').expect(200);
    assert.equal(open.headers['x-ficus-upstream'], 'legacy');
    const strict = await request(gw.base).get('/strict').expect(503);
    assert.equal(strict.body.code, 'FICUS_CIRCUIT_OPEN');
    assert.equal(flaky.requests.length, 3);
    assert.match(
      await metrics(),
      /ficus_failopen_total\{route="to-flaky",reason="circuit_open"\} 1/,
    );

    // After the cool-down one probe goes through; it succeeds, so the circuit closes.
    flakyStatus = 200;
    await eventually(async () => {
      const res = await request(gw.base).get('/flaky').expect(200);
      return res.headers['x-ficus-upstream'] === 'new';
    });
    assert.match(await metrics(), /ficus_circuit_state\{upstream="flaky"\} 0/);
    const closed = await request(gw.base).get('/flaky').expect(200);
    assert.equal(closed.headers['x-ficus-upstream'], 'new');
  });

  it('re-opens the circuit when the half-open probe fails', async () => {
    flakyStatus = 500;
    for (let i = 0; i < 3; i++) await request(gw.base).get('/flaky').expect(200);
    assert.match(await metrics(), /ficus_circuit_state\{upstream="flaky"\} 1/);
    const seen = flaky.requests.length;
    await eventually(async () => {
      await request(gw.base).get('/flaky').expect(200);
      return flaky.requests.length > seen;
    });
    assert.equal(flaky.requests.length, seen + 1, 'exactly one probe in half-open');
    await request(gw.base).get('/flaky').expect(200);
    assert.equal(flaky.requests.length, seen + 1, 'the failed probe re-opened the circuit');
    assert.match(await metrics(), /ficus_circuit_state\{upstream="flaky"\} 1/);
  });
});
