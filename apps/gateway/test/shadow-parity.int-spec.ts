import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type RecordedRequest, type TestUpstream } from '@ficus/testing';
import {
  eventually,
  startDataPlane,
  startWithBlackhole,
  type RunningPlane,
} from './data-plane.harness';

/** A value that must never leave the gateway in a report, a metric or a log. */
const PATIENT_NAME = 'Zebulon Quixote-Marchbanks';
let generated = 0;

function legacyAnswer(req: RecordedRequest, res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      id: req.url.split('/').at(-1),
      name: PATIENT_NAME,
      count: 1,
      weight: 70,
      legacyOnly: 'x',
      meta: { generatedAt: `2026-01-01T00:00:00.${generated++}Z` },
      items: [{ code: 'A', updatedAt: 'legacy-time' }],
    }),
  );
}

describe('shadow mode and parity', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let twin: TestUpstream;
  let held: TestUpstream;
  let jammed: TestUpstream;
  let slow: TestUpstream;
  const release: Array<() => void> = [];
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy', legacyAnswer);
    service = await startTestUpstream('patients', (req, res) => {
      res.setHeader('content-type', 'application/json');
      // Differs from legacy: name value, count type, a missing and an extra field; 70 vs 70.0 is equal.
      res.end(
        `{"fhir":true,"items":[{"updatedAt":"new-time","code":"A"}],"meta":{"generatedAt":"t${generated++}"},` +
          `"weight":70.0,"count":"1","name":"Someone Else","id":"${req.url.split('/').at(-1)}"}`,
      );
    });
    twin = await startTestUpstream('twin', legacyAnswer);
    held = await startTestUpstream('held', (_req, res) => release.push(() => res.end('{}')));
    jammed = await startTestUpstream('jammed', (_req, res) => release.push(() => res.end('{}')));
    slow = await startTestUpstream('slow', (_req, res) => {
      setTimeout(() => res.end('{}'), 1000).unref();
    });
    // A port with nothing listening: the copy's connection is refused.
    const down = await startTestUpstream('down', (_req, res) => res.end());
    const downUrl = down.url;
    await down.close();
    gw = await startDataPlane({
      version: 1,
      // These tests count copies; the tests themselves load this process (see the busy test).
      limits: { shadowYieldAbove: 1 },
      upstreams: {
        legacy: { url: legacy.url },
        patients: { url: service.url },
        twin: { url: twin.url },
        held: { url: held.url },
        jammed: { url: jammed.url },
        slow: { url: slow.url, timeoutMs: 100 },
        down: { url: downUrl },
      },
      routes: [
        {
          name: 'shadowed',
          path: '/api/patients/:id',
          mode: 'shadow',
          target: 'patients',
          parity: { ignore: ['$.items[*].updatedAt'] },
        },
        { name: 'twin', path: '/api/twin/:id', mode: 'shadow', target: 'twin' },
        { name: 'held', path: '/api/held', mode: 'shadow', target: 'held' },
        {
          name: 'writes',
          path: '/api/writes',
          mode: 'shadow',
          target: 'patients',
          shadow: { writes: true, maxBodyBytes: 64 },
        },
        {
          name: 'none',
          path: '/api/none/:id',
          mode: 'shadow',
          target: 'twin',
          shadow: { sampleRate: 0 },
        },
        {
          name: 'half',
          path: '/api/half/:id',
          mode: 'shadow',
          target: 'twin',
          shadow: { sampleRate: 0.5 },
        },
        { name: 'jam', path: '/api/jam/:id', mode: 'shadow', target: 'jammed' },
        { name: 'slow', path: '/api/slow', mode: 'shadow', target: 'slow' },
        { name: 'down', path: '/api/down', mode: 'shadow', target: 'down' },
      ],
    });
  });

  after(async () => {
    for (const r of release) r();
    await gw.close();
    await Promise.all([legacy, service, twin, held, jammed, slow].map((u) => u.close()));
  });

  it("answers with legacy's response, untouched", async () => {
    const res = await request(gw.base).get('/api/patients/p-4711').expect(200);
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    assert.equal(res.headers['x-ficus-route'], 'shadowed');
    assert.equal(res.body.name, PATIENT_NAME);
    assert.equal(res.body.legacyOnly, 'x');
  });

  it('sends a copy to the target marked as a shadow request', async () => {
    await request(gw.base).get('/api/patients/p-1').set('x-request-id', 'copy-1').expect(200);
    const copyOf = () => service.requests.find((r) => r.url === '/api/patients/p-1');
    await eventually(() => copyOf() !== undefined);
    const copy = copyOf()!;
    assert.equal(copy.url, '/api/patients/p-1');
    assert.equal(copy.headers['x-ficus-shadow'], '1');
    assert.equal(copy.headers['x-request-id'], 'copy-1');
  });

  it('does not wait for the target before answering the client', async () => {
    const res = await request(gw.base).get('/api/held').expect(200);
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    await eventually(() => held.requests.length === 1);
    assert.equal(release.length, 1, 'the target has not answered yet');
  });

  it('reports mismatches by path and kind, with no values anywhere', async () => {
    for (let i = 0; i < 5; i++) await request(gw.base).get(`/api/patients/p-99${i}`).expect(200);
    await eventually(() => (gw.plane.parity.report('shadowed')?.totalComparisons ?? 0) >= 7);
    const report = gw.plane.parity.report('shadowed')!;
    const found = new Set(report.mismatches.map((m) => `${m.kind} ${m.path}`));
    for (const expected of ['value $.name', 'type $.count', 'missing $.legacyOnly', 'extra $.fhir'])
      assert.ok(found.has(expected), `${expected} missing from ${[...found].join(', ')}`);
    assert.ok(!found.has('value $.weight'), '70 and 70.0 are the same number');
    assert.ok(![...found].some((f) => f.includes('updatedAt')), 'an ignore rule was not applied');
    assert.ok(![...found].some((f) => f.includes('generatedAt')), 'noise was not learned');
    assert.equal(report.parityRate, 0);
    const everything = JSON.stringify(report) + (await gw.metrics.registry.metrics());
    assert.ok(!everything.includes('Zebulon'), 'a patient value leaked');
    assert.ok(!everything.includes('p-99'), 'a path value leaked');
    assert.ok(!everything.includes('Someone'), 'a service value leaked');
  });

  it('learns timestamp noise from two legacy answers, so identical services reach full parity', async () => {
    for (let i = 0; i < 5; i++) await request(gw.base).get(`/api/twin/${i}`).expect(200);
    await eventually(() => (gw.plane.parity.report('twin')?.totalComparisons ?? 0) === 5);
    const report = gw.plane.parity.report('twin')!;
    assert.deepEqual(report.mismatches, []);
    assert.deepEqual(report.noise, ['$.meta.generatedAt']);
    assert.equal(report.parityRate, 1);
  });

  it('asks legacy a second time only when a comparison finds a difference to explain', async () => {
    const json = (body: string) => (_req: RecordedRequest, res: ServerResponse) => {
      res.setHeader('content-type', 'application/json');
      res.end(body);
    };
    const stable = await startTestUpstream('stable', json('{"id":1,"status":"active"}'));
    const same = await startTestUpstream('same', json('{"id":1,"status":"active"}'));
    const other = await startTestUpstream('other', json('{"id":1,"status":"archived"}'));
    const plane = await startDataPlane({
      version: 1,
      limits: { shadowYieldAbove: 1 },
      upstreams: {
        legacy: { url: stable.url },
        same: { url: same.url },
        other: { url: other.url },
      },
      routes: [
        { name: 'agrees', path: '/api/agrees/:id', mode: 'shadow', target: 'same' },
        { name: 'differs', path: '/api/differs/:id', mode: 'shadow', target: 'other' },
      ],
    });
    const legacyAsked = (prefix: string) =>
      stable.requests.filter((r) => r.url.startsWith(prefix)).length;
    try {
      for (let i = 0; i < 20; i++) await request(plane.base).get(`/api/agrees/${i}`).expect(200);
      await eventually(() => plane.plane.parity.report('agrees')?.totalComparisons === 20);
      assert.equal(legacyAsked('/api/agrees/'), 20, 'matching comparisons never ask legacy again');
      for (let i = 0; i < 3; i++) await request(plane.base).get(`/api/differs/${i}`).expect(200);
      await eventually(() => plane.plane.parity.report('differs')?.totalComparisons === 3);
      assert.equal(legacyAsked('/api/differs/'), 6, 'each difference in the warm-up asks again');
      const report = plane.plane.parity.report('differs')!;
      assert.deepEqual(report.noise, [], 'legacy answered the same twice: nothing is noise');
      assert.deepEqual(
        report.mismatches.map((m) => `${m.kind} ${m.path}`),
        ['value $.status'],
      );
    } finally {
      await plane.close();
      await Promise.all([stable, same, other].map((u) => u.close()));
    }
  });

  it('exposes comparisons, mismatches and parity rate as metrics', async () => {
    const text = await gw.metrics.registry.metrics();
    assert.match(text, /ficus_shadow_comparisons_total\{route="twin",result="match"\} 5/);
    assert.match(text, /ficus_shadow_comparisons_total\{route="shadowed",result="mismatch"\} \d+/);
    assert.match(text, /ficus_shadow_mismatches_total\{route="shadowed",kind="value"\} \d+/);
    assert.match(text, /ficus_parity_rate\{route="twin"\} 1/);
    assert.match(text, /ficus_route_mode\{route="twin",mode="shadow"\} 1/);
    assert.match(text, /ficus_route_mode\{route="twin",mode="legacy"\} 0/);
    assert.match(
      text,
      /ficus_requests_total\{route="twin",target="legacy",method="GET",code_class="2xx"\} 5/,
    );
    assert.match(text, /ficus_request_duration_seconds_count\{route="twin",target="legacy"\} 5/);
  });

  it('never copies an unsafe method unless the route opts in', async () => {
    const before = service.requests.length;
    await request(gw.base).post('/api/patients/p-5').send({ a: 1 }).expect(200);
    await request(gw.base).post('/api/writes').send({ b: 2 }).expect(200);
    await eventually(() => service.requests.length === before + 1);
    const copy = service.requests.at(-1)!;
    assert.equal(copy.url, '/api/writes');
    assert.equal(copy.body, '{"b":2}');
    assert.equal(copy.headers['x-ficus-shadow'], '1');
    assert.equal(gw.plane.parity.report('shadowed')?.skipped.unsafe_method, 1);
  });

  it('serves but does not copy a body over the shadow bound, and counts the skip', async () => {
    const before = service.requests.length;
    await request(gw.base)
      .post('/api/writes')
      .send({ big: 'z'.repeat(100) })
      .expect(200);
    await eventually(() => gw.plane.parity.report('writes')?.skipped.request_too_large === 1);
    assert.equal(service.requests.length, before);
  });

  it('copies only the sampled share of a route, and counts the rest', async () => {
    const copies = () => twin.requests.filter((r) => r.url.startsWith('/api/half/')).length;
    for (let i = 0; i < 4; i++) await request(gw.base).get(`/api/none/${i}`).expect(200);
    for (let i = 0; i < 200; i++) await request(gw.base).get(`/api/half/${i}`).expect(200);
    await eventually(() => {
      const skipped = gw.plane.parity.report('half')?.skipped.not_sampled ?? 0;
      return copies() + skipped === 200;
    });
    assert.equal(gw.plane.parity.report('none')?.skipped.not_sampled, 4);
    assert.equal(twin.requests.filter((r) => r.url.startsWith('/api/none/')).length, 0);
    // Binomial(200, 0.5): 100 ± 7; outside 50..150 is a broken sampler, not bad luck.
    assert.ok(copies() > 50 && copies() < 150, `${copies()} of 200 copied at sampleRate 0.5`);
  });

  it('skips a copy, counted, when the target refuses it or does not answer in time', async () => {
    await request(gw.base).get('/api/down').expect(200);
    await request(gw.base).get('/api/slow').expect(200);
    await eventually(() => gw.plane.parity.report('down')?.skipped.target_failed === 1);
    await eventually(() => gw.plane.parity.report('slow')?.skipped.target_failed === 1);
    const text = await gw.metrics.registry.metrics();
    assert.match(text, /ficus_upstream_errors_total\{route="down",target="new",kind="connect"\} 1/);
    assert.match(text, /ficus_upstream_errors_total\{route="slow",target="new",kind="timeout"\} 1/);
  });

  it('skips a copy as timed out when its target never completes the connection', async () => {
    const plane = await startWithBlackhole(legacy.url, {
      limits: { shadowYieldAbove: 1 },
      routes: [{ name: 'void', path: '/api/void', mode: 'shadow', target: 'blackhole' }],
    });
    try {
      await request(plane.base).get('/api/void').expect(200);
      // Within ~2 s, not undici's default 10-s connect timeout.
      await eventually(() => plane.plane.parity.report('void')?.skipped.target_failed === 1);
      const text = await plane.metrics.registry.metrics();
      assert.match(
        text,
        /ficus_upstream_errors_total\{route="void",target="new",kind="timeout"\} 1/,
      );
    } finally {
      await plane.close();
    }
  });

  it('never queues copies: beyond 64 in flight they are skipped as overload', async () => {
    const sent = 80;
    for (let i = 0; i < sent; i++) await request(gw.base).get(`/api/jam/${i}`).expect(200);
    const skipped = () => gw.plane.parity.report('jam')?.skipped.overload ?? 0;
    await eventually(() => jammed.requests.length + skipped() === sent);
    assert.ok(jammed.requests.length <= 64, `${jammed.requests.length} copies held at once`);
    assert.ok(skipped() >= sent - 64);
  });

  it('yields to client traffic when the event loop is saturated, and copies again once it is not', async () => {
    const plane = await startDataPlane({
      version: 1,
      upstreams: { legacy: { url: legacy.url }, twin: { url: twin.url } },
      routes: [{ name: 'busy', path: '/api/busy/:id', mode: 'shadow', target: 'twin' }],
    });
    const copies = () => twin.requests.filter((r) => r.url.startsWith('/api/busy/')).length;
    const busy = () => plane.plane.parity.report('busy')?.skipped.busy ?? 0;
    let spinning = true;
    // Keeps this process's loop (the gateway's) busy but still serving: 15 ms of work per turn.
    const spinner = (async () => {
      while (spinning) {
        const until = performance.now() + 15;
        while (performance.now() < until);
        await new Promise((done) => setImmediate(done));
      }
    })();
    try {
      await new Promise((done) => setTimeout(done, 300));
      for (let i = 0; i < 20; i++) await request(plane.base).get(`/api/busy/${i}`).expect(200);
      spinning = false;
      await spinner;
      await eventually(() => copies() + busy() === 20);
      // At ~95% utilisation a quarter are still copied: all 20 copied would mean no shedding.
      assert.ok(busy() >= 5, `${busy()} of 20 shed while saturated`);
      await new Promise((done) => setTimeout(done, 300));
      const before = copies();
      // Spaced out, so that this test's own client does not keep the loop busy.
      for (let i = 20; i < 25; i++) {
        await request(plane.base).get(`/api/busy/${i}`).expect(200);
        await new Promise((done) => setTimeout(done, 50));
      }
      await eventually(() => copies() === before + 5);
    } finally {
      spinning = false;
      await spinner;
      await plane.close();
    }
  });
});
