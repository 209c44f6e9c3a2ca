import assert from 'node:assert/strict';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type RecordedRequest, type TestUpstream } from '@ficus/testing';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

/**
 * A shadowed write's dry run is decided before legacy gets the write, so that both decide on the
 * same rows; reads keep their copy after legacy's answer. Every upstream here appends to one log
 * in the order things reached it.
 */
describe('shadowed writes: the dry run first', () => {
  const events: string[] = [];
  const release: Array<() => void> = [];
  let legacy: TestUpstream;
  let target: TestUpstream;
  let hanging: TestUpstream;
  let trickling: TestUpstream;
  let gw: RunningPlane;

  const created = (who: string) => (req: RecordedRequest, res: ServerResponse) => {
    events.push(`${who} got ${req.method} ${req.url}`);
    // The target answers a little later than at once: a legacy request sent alongside the copy,
    // not after its answer, would reach legacy first.
    const delay = who === 'target' ? 50 : 0;
    setTimeout(() => {
      events.push(`${who} answered`);
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"booked"}');
    }, delay).unref();
  };

  before(async () => {
    legacy = await startTestUpstream('legacy', created('legacy'));
    target = await startTestUpstream('target', created('target'));
    hanging = await startTestUpstream('hanging', (req, res) => {
      events.push(`hanging got ${req.method} ${req.url}`);
      release.push(() => res.end('{}'));
    });
    // Its head at once, then a byte now and then for ever: no stall ever outlasts its timeout.
    trickling = await startTestUpstream('trickling', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.write('[');
      const timer = setInterval(() => res.write(' '), 50);
      release.push(() => {
        clearInterval(timer);
        res.end(']');
      });
    });
    const down = await startTestUpstream('down');
    const downUrl = down.url;
    await down.close();
    gw = await startDataPlane({
      version: 1,
      limits: { shadowYieldAbove: 1 },
      upstreams: {
        legacy: { url: legacy.url },
        target: { url: target.url },
        hanging: { url: hanging.url, timeoutMs: 300 },
        trickling: { url: trickling.url, timeoutMs: 300 },
        down: { url: downUrl },
      },
      routes: [
        {
          name: 'book',
          path: '/api/book',
          mode: 'shadow',
          target: 'target',
          shadow: { writes: true, maxBodyBytes: 64 },
        },
        {
          name: 'after',
          path: '/api/after',
          mode: 'shadow',
          target: 'target',
          shadow: { writes: true, writesFirst: false },
        },
        {
          name: 'hang',
          path: '/api/hang',
          mode: 'shadow',
          target: 'hanging',
          shadow: { writes: true },
        },
        {
          name: 'trickle',
          path: '/api/trickle',
          mode: 'shadow',
          target: 'trickling',
          shadow: { writes: true },
        },
        {
          name: 'down',
          path: '/api/down',
          mode: 'shadow',
          target: 'down',
          shadow: { writes: true },
        },
        {
          name: 'unsampled',
          path: '/api/unsampled',
          mode: 'shadow',
          target: 'target',
          shadow: { writes: true, sampleRate: 0 },
        },
      ],
    });
  });

  beforeEach(() => {
    events.length = 0;
  });

  after(async () => {
    for (const r of release) r();
    await gw.close();
    await Promise.all([legacy, target, hanging, trickling].map((u) => u.close()));
  });

  it("sends a write's dry run, and has its answer, before legacy gets the write", async () => {
    const res = await request(gw.base).post('/api/book').send({ slot: 9 }).expect(201);
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    assert.deepEqual(events, [
      'target got POST /api/book',
      'target answered',
      'legacy got POST /api/book',
      'legacy answered',
    ]);
    const copy = target.requests.at(-1)!;
    assert.equal(copy.headers['x-ficus-shadow'], '1');
    assert.equal(copy.body, '{"slot":9}');
    assert.equal(legacy.requests.at(-1)!.body, '{"slot":9}');
    assert.equal(legacy.requests.at(-1)!.headers['x-ficus-shadow'], undefined);
    await eventually(() => gw.plane.parity.report('book')?.totalComparisons === 1);
    assert.equal(gw.plane.parity.report('book')!.parityRate, 1);
  });

  it("keeps a read's copy after legacy's answer", async () => {
    await request(gw.base).get('/api/book').expect(200);
    await eventually(() => events.includes('target answered'));
    assert.deepEqual(events, [
      'legacy got GET /api/book',
      'legacy answered',
      'target got GET /api/book',
      'target answered',
    ]);
  });

  it('keeps the old order where the route sets writesFirst: false', async () => {
    await request(gw.base).post('/api/after').send({ slot: 1 }).expect(201);
    await eventually(() => events.includes('target answered'));
    assert.deepEqual(events.slice(0, 2), ['legacy got POST /api/after', 'legacy answered']);
  });

  it("forwards the write to legacy once a silent target's timeout has passed", async () => {
    const res = await request(gw.base).post('/api/hang').send({ slot: 2 }).expect(201);
    assert.deepEqual(res.body, { status: 'booked' });
    assert.deepEqual(events, [
      'hanging got POST /api/hang',
      'legacy got POST /api/hang',
      'legacy answered',
    ]);
    await eventually(() => gw.plane.parity.report('hang')?.skipped.target_failed === 1);
    const text = await gw.metrics.registry.metrics();
    assert.match(text, /ficus_upstream_errors_total\{route="hang",target="new",kind="timeout"\} 1/);
  });

  it('bounds the wait even for a target whose answer never stalls long enough to time out', async () => {
    const res = await request(gw.base).post('/api/trickle').send({ slot: 3 }).expect(201);
    assert.deepEqual(res.body, { status: 'booked' });
    await eventually(() => gw.plane.parity.report('trickle')?.skipped.target_failed === 1);
  });

  it('does not fail the write when the target is down', async () => {
    const res = await request(gw.base).post('/api/down').send({ slot: 4 }).expect(201);
    assert.deepEqual(res.body, { status: 'booked' });
    await eventually(() => gw.plane.parity.report('down')?.skipped.target_failed === 1);
    const text = await gw.metrics.registry.metrics();
    assert.match(text, /ficus_upstream_errors_total\{route="down",target="new",kind="connect"\} 1/);
  });

  it('streams a body over the shadow bound to legacy whole, without a copy', async () => {
    const big = JSON.stringify({ note: 'z'.repeat(100) });
    await request(gw.base)
      .post('/api/book')
      .set('content-type', 'application/json')
      .send(big)
      .expect(201);
    assert.deepEqual(events, ['legacy got POST /api/book', 'legacy answered']);
    assert.equal(legacy.requests.at(-1)!.body, big);
    assert.equal(gw.plane.parity.report('book')?.skipped.request_too_large, 1);
  });

  it('streams a chunked body of unknown length to legacy whole, without a copy', async () => {
    const status = await new Promise<number>((done, fail) => {
      const req = httpRequest(`${gw.base}/api/book`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      });
      req.on('error', fail);
      req.write('{"slot":');
      req.end('5}');
    });
    assert.equal(status, 201);
    assert.deepEqual(events, ['legacy got POST /api/book', 'legacy answered']);
    assert.equal(legacy.requests.at(-1)!.body, '{"slot":5}');
    assert.equal(gw.plane.parity.report('book')?.skipped.request_too_large, 2);
  });

  it('forwards a write left out by sampling straight to legacy', async () => {
    await request(gw.base).post('/api/unsampled').send({ slot: 6 }).expect(201);
    assert.deepEqual(events, ['legacy got POST /api/unsampled', 'legacy answered']);
    assert.equal(gw.plane.parity.report('unsampled')?.skipped.not_sampled, 1);
  });
});
