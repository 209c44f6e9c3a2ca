import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

interface Gate {
  gate: string;
  step: string;
  state: string;
  figure: number | null;
  threshold: number | boolean;
  detail: string;
}
interface RouteStatus {
  name: string;
  mode: string;
  weight: number;
  figures: {
    comparisons: number;
    parityRate: number | null;
    new: { requests: number };
    legacy: { requests: number };
  };
  gates: Gate[];
  gatesHold: boolean;
}

/** Both sides answer the same JSON, except the service for ids starting with "bad". */
function patient(side: string, url: string): string {
  const id = url.split('/').pop() ?? '';
  return JSON.stringify({
    id,
    name: side === 'patients' && id.startsWith('bad') ? 'Other' : 'Ann',
  });
}

describe('migration gates (admin API and data plane, real sockets, real traffic)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);

  const status = async (): Promise<RouteStatus> =>
    (await request(admin).get('/admin/routes/patients-read/status').set(auth).expect(200))
      .body as RouteStatus;
  const move = (body: Record<string, unknown>) =>
    request(admin).put('/admin/routes/patients-read/mode').set(auth).send(body);
  const get = async (id: string, cohort?: string) => {
    const res = await fetch(`${data}/api/patients/${id}`, {
      headers: cohort ? { 'x-patient-cohort': cohort } : {},
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  };
  /** Shadow copies are compared after the client's answer: wait until the step has seen them. */
  const compared = (n: number) =>
    eventually(`${n} comparisons`, async () => {
      const s = await status();
      return s.figures.comparisons >= n ? s : undefined;
    });
  const failing = (body: { errors: Gate[] }) => body.errors.map((g) => g.gate).sort();

  before(async () => {
    const json =
      (name: string) => (req: { url: string }, res: import('node:http').ServerResponse) => {
        res.setHeader('content-type', 'application/json');
        res.end(patient(name, req.url));
      };
    legacy = await startTestUpstream('legacy', json('legacy'));
    service = await startTestUpstream('patients', json('patients'));
    gateway = await startGateway({
      config: adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        {
          // The test client shares the gateway's event loop: copies must not yield to it.
          limits: { shadowYieldAbove: 1 },
          gates: {
            patients: {
              legacy: { maxCdcLagMs: 1000 },
              shadow: { minComparisons: 20, minParity: 0.95 },
              canary: {
                minComparisons: 10,
                minParity: 0.95,
                minRequests: 10,
                maxErrorRateOverLegacy: 0.05,
                maxP99OverLegacy: 50,
              },
              new: { minTimeInStep: '1h' },
            },
          },
        },
      ),
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

  it('shows a gate it cannot measure as unknown, and refuses the move it holds', async () => {
    const s = await status();
    assert.equal(s.mode, 'legacy');
    assert.equal(s.gatesHold, false);
    assert.deepEqual(
      s.gates.map((g) => [g.gate, g.state, g.figure]),
      [['maxCdcLagMs', 'unknown', null]],
    );
    const res = await move({ mode: 'shadow' }).expect(409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.body.code, 'FICUS_GATE_FAILED');
    assert.deepEqual(failing(res.body), ['maxCdcLagMs']);
    assert.equal((await status()).mode, 'legacy');
  });

  it('takes a forced move only with a reason, and audits it as forced', async () => {
    const bare = await move({ mode: 'shadow', force: true }).expect(400);
    assert.equal(bare.body.code, 'FICUS_GATE_FORCE_REASON');
    const res = await move({ mode: 'shadow', force: true, reason: 'lag checked by hand' }).expect(
      200,
    );
    assert.equal(res.body.audit.action, 'forced');
    assert.match(res.body.audit.reason, /^lag checked by hand \[forced past maxCdcLagMs: /);
  });

  it('refuses shadow → canary until enough comparisons were made, with the figure and threshold', async () => {
    for (let i = 0; i < 10; i++) await get(`ok${i}`);
    await compared(10);
    const res = await move({ mode: 'canary', weight: 50 }).expect(409);
    const gate = (res.body.errors as Gate[]).find((g) => g.gate === 'minComparisons')!;
    assert.deepEqual([gate.figure, gate.threshold, gate.state], [10, 20, 'fail']);
    assert.equal(
      (res.body.errors as Gate[]).some((g) => g.gate === 'minParity'),
      false,
      'parity is 100% here and holds',
    );
  });

  it('refuses it while parity is under the threshold, then allows it once parity holds', async () => {
    for (let i = 0; i < 10; i++) await get(`bad${i}`);
    await compared(20);
    const refused = await move({ mode: 'canary', weight: 50 }).expect(409);
    const parity = (refused.body.errors as Gate[]).find((g) => g.gate === 'minParity')!;
    assert.deepEqual([parity.figure, parity.threshold], [0.5, 0.95]);
    assert.deepEqual(failing(refused.body), ['minParity']);

    for (let i = 0; i < 180; i++) await get(`ok${i}`);
    const held = await compared(200);
    assert.equal(held.figures.parityRate, 0.95);
    assert.equal(held.gatesHold, true);
    const res = await move({ mode: 'canary', weight: 50, reason: 'parity 95%' }).expect(200);
    assert.equal(res.body.audit.action, 'set-mode');
  });

  it('never shows a parity nothing measured: none in /metrics, /admin/stats or status right after the move', async () => {
    const s = await status();
    assert.equal(s.figures.comparisons, 0);
    assert.equal(s.figures.parityRate, null);
    const metrics = await request(admin).get('/metrics').expect(200);
    assert.doesNotMatch(metrics.text, /ficus_parity_rate\{route="patients-read"\}/);
    const stats = await request(admin).get('/admin/stats').set(auth).expect(200);
    const read = (stats.body.routes as Array<{ route: string; parityRate: number | null }>).find(
      (r) => r.route === 'patients-read',
    );
    assert.equal(read?.parityRate, null);
  });

  it('refuses skipping canary: its gates cannot hold for a mode the route has not been in', async () => {
    await request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send({ mode: 'shadow' })
      .expect(200);
    const res = await move({ mode: 'new' }).expect(409);
    const skipped = (res.body.errors as Gate[]).filter((g) => g.step === 'canary');
    assert.ok(skipped.length > 0);
    assert.match(skipped[0]!.detail, /the route has not been in canary/);
  });

  it('keeps comparing the legacy half in canary, and gates canary → new on both sides', async () => {
    for (let i = 0; i < 180; i++) await get(`ok${i}`);
    await move({ mode: 'canary', weight: 50 }).expect(200);
    const empty = await move({ mode: 'new' }).expect(409);
    const requests = (empty.body.errors as Gate[]).find((g) => g.gate === 'minRequests')!;
    assert.equal(requests.figure, 0);
    const errorRate = (empty.body.errors as Gate[]).find(
      (g) => g.gate === 'maxErrorRateOverLegacy',
    )!;
    assert.equal(errorRate.figure, null);
    assert.match(errorRate.detail, /^no data/);

    const before = service.requests.length;
    for (let i = 0; i < 60; i++) await get(`ok${i}`, `cohort-${i}`);
    const s = await compared(10);
    assert.ok(s.figures.new.requests >= 10, JSON.stringify(s.figures));
    assert.ok(s.figures.legacy.requests >= 10, JSON.stringify(s.figures));
    const shadowCopies = service.requests
      .slice(before)
      .filter((r) => r.headers['x-ficus-shadow'] === '1').length;
    assert.ok(shadowCopies >= 10, 'the legacy half is copied to the service');
    assert.equal(s.figures.parityRate, 1);
    const metrics = await request(admin).get('/metrics').expect(200);
    assert.match(metrics.text, /ficus_parity_rate\{route="patients-read"\} 1/);
    await move({ mode: 'new' }).expect(200);
  });

  it('reports the share of traffic on new code, per route and overall, unmatched requests included', async () => {
    interface Traffic {
      legacy: number;
      new: number;
      newShare: number | null;
    }
    const all = async () =>
      (await request(admin).get('/admin/status').set(auth).expect(200)).body as {
        routes: Array<{ name: string; traffic: Traffic }>;
        traffic: Traffic;
      };
    const before = await all();
    const res = await fetch(`${data}/not/a/route`);
    await res.arrayBuffer();
    const after = await eventually('the unmatched request counted', async () => {
      const now = await all();
      return now.traffic.legacy > before.traffic.legacy ? now : undefined;
    });
    assert.equal(after.traffic.legacy, before.traffic.legacy + 1);
    const read = after.routes.find((r) => r.name === 'patients-read')!.traffic;
    assert.ok(read.new >= 10, JSON.stringify(read));
    assert.equal(read.newShare, read.new / (read.new + read.legacy));
    assert.ok(after.traffic.newShare! < read.newShare, 'unmatched traffic is legacy traffic');
  });

  it('holds new → retired on time in the step; a step back and abort are never gated', async () => {
    const res = await move({ mode: 'retired' }).expect(409);
    // legacyQuiet is built in: legacy served this route minutes ago, within the 7-day window.
    assert.deepEqual(failing(res.body), ['legacyQuiet', 'minTimeInStep']);
    await move({ mode: 'canary', weight: 10, reason: 'back a step' }).expect(200);
    const aborted = await request(admin)
      .post('/admin/routes/patients-read/abort')
      .set(auth)
      .send({ reason: 'incident' })
      .expect(200);
    assert.equal(aborted.body.route.mode, 'legacy');
    assert.equal(aborted.body.audit.action, 'abort');
    await get('ok1');
    assert.equal(legacy.requests.at(-1)?.url, '/api/patients/ok1');
  });

  it('keeps every move in the audit log, forced ones marked', async () => {
    const res = await request(admin)
      .get('/admin/audit?route=patients-read&limit=20')
      .set(auth)
      .expect(200);
    const moves = (res.body.entries as Array<{ action: string; after: { mode: string } }>)
      .reverse()
      .filter((e) => !e.action.startsWith('seed'))
      .map((e) => `${e.action}:${e.after.mode}`);
    assert.deepEqual(moves, [
      'forced:shadow',
      'set-mode:canary',
      'set-mode:shadow',
      'set-mode:canary',
      'set-mode:new',
      'set-mode:canary',
      'abort:legacy',
    ]);
  });
});
