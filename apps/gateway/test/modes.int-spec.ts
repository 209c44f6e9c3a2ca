import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startDataPlane, type RunningPlane } from './data-plane.harness';

function jwt(sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub })}.`;
}

describe('route modes', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gw: RunningPlane;
  let slow: TestUpstream;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    // Answers late, so mode changes happen while its requests are in flight.
    slow = await startTestUpstream(
      'slow-new',
      (_req, res) => void setTimeout(() => res.end('ok'), 40),
    );
    gw = await startDataPlane({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        patients: { url: service.url },
        'slow-new': { url: slow.url },
      },
      groups: { patients: { cohort: { header: 'x-user' } } },
      routes: [
        { name: 'stay', path: '/legacy', mode: 'legacy', target: 'patients' },
        { name: 'gone', path: '/old-report', mode: 'retired' },
        { name: 'moved', path: '/moved', mode: 'new', target: 'patients' },
        { name: 'hot', path: '/hot', mode: 'new', target: 'slow-new' },
        {
          name: 'read',
          methods: ['GET'],
          path: '/api/patients/:id',
          group: 'patients',
          mode: 'canary',
          weight: 10,
          target: 'patients',
        },
        {
          name: 'appts',
          methods: ['GET'],
          path: '/api/patients/:id/appointments',
          group: 'patients',
          mode: 'canary',
          weight: 10,
          target: 'patients',
        },
        {
          name: 'by-cookie',
          path: '/c',
          mode: 'canary',
          weight: 50,
          target: 'patients',
          cohort: { cookie: 'sid' },
        },
        {
          name: 'by-jwt',
          path: '/j',
          mode: 'canary',
          weight: 50,
          target: 'patients',
          cohort: { jwtSubject: true },
        },
        {
          name: 'by-param',
          path: '/p/:clinic/x',
          mode: 'canary',
          weight: 50,
          target: 'patients',
          cohort: { pathParam: 'clinic' },
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy.close(), service.close(), slow.close()]);
  });

  const side = async (path: string, headers: Record<string, string> = {}): Promise<string> => {
    const res = await request(gw.base).get(path).set(headers).expect(200);
    return res.headers['x-ficus-upstream'] as string;
  };

  it('legacy mode sends to legacy even with a target', async () => {
    assert.equal(await side('/legacy'), 'legacy');
  });

  it('retired mode answers 410 with a problem document and reaches nobody', async () => {
    const before = legacy.requests.length + service.requests.length;
    const res = await request(gw.base).get('/old-report').expect(410);
    assert.equal(res.body.code, 'FICUS_ROUTE_RETIRED');
    assert.equal(res.headers['content-type'], 'application/problem+json');
    assert.equal(legacy.requests.length + service.requests.length, before);
  });

  it('new mode sends to the target', async () => {
    assert.equal(await side('/moved'), 'new');
  });

  it('canary keeps each cohort on one side across many requests', async () => {
    for (let user = 0; user < 30; user++) {
      const first = await side('/api/patients/1', { 'x-user': `u${user}` });
      for (let i = 0; i < 5; i++)
        assert.equal(await side(`/api/patients/${i}`, { 'x-user': `u${user}` }), first);
    }
  });

  it('canary sends a request without the cohort key to legacy', async () => {
    for (let i = 0; i < 10; i++) assert.equal(await side('/api/patients/1'), 'legacy');
  });

  it('raising the weight 10 → 50 only moves cohorts to new, never back', async () => {
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const at10 = new Map<string, string>();
    for (const u of users) at10.set(u, await side('/api/patients/9', { 'x-user': u }));
    gw.registry.setMode('read', { mode: 'canary', weight: 50 }, 'test', 'widen canary');
    let moved = 0;
    for (const u of users) {
      const now = await side('/api/patients/9', { 'x-user': u });
      if (at10.get(u) === 'new') assert.equal(now, 'new', `${u} moved back to legacy`);
      else if (now === 'new') moved++;
    }
    const newAt10 = [...at10.values()].filter((s) => s === 'new').length;
    assert.ok(newAt10 > 5 && newAt10 < 40, `about 10% of 200 cohorts at weight 10, got ${newAt10}`);
    assert.ok(moved > 40, `about 40% more cohorts move at weight 50, got ${moved}`);
    gw.registry.setMode('read', { mode: 'canary', weight: 10 }, 'test', 'restore');
  });

  it('routes of one group put a key on the same side', async () => {
    for (let user = 0; user < 60; user++) {
      const headers = { 'x-user': `g${user}` };
      assert.equal(
        await side('/api/patients/1/appointments', headers),
        await side('/api/patients/1', headers),
      );
    }
  });

  it('splits by cookie, JWT subject and path parameter, each stable', async () => {
    const sides = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const byCookie = await side('/c', { cookie: `a=1; sid=s${i}` });
      assert.equal(await side('/c', { cookie: `sid=s${i}; b=2` }), byCookie);
      const byJwt = await side('/j', { authorization: `Bearer ${jwt(`patient-${i}`)}` });
      assert.equal(await side('/j', { authorization: `Bearer ${jwt(`patient-${i}`)}` }), byJwt);
      const byParam = await side(`/p/clinic-${i}/x`);
      assert.equal(await side(`/p/clinic-${i}/x?again=1`), byParam);
      sides.add(byCookie).add(byJwt).add(byParam);
    }
    assert.deepEqual([...sides].sort(), ['legacy', 'new']);
    assert.equal(await side('/j', { authorization: 'Bearer not-a-jwt' }), 'legacy');
  });

  it('a hot mode change drops no request in flight', async () => {
    const inFlight = Array.from({ length: 100 }, (_, i) =>
      request(gw.base)
        .get('/hot')
        .set('x-n', String(i))
        .then((res) => [res.status, res.headers['x-ficus-upstream']] as const),
    );
    for (let i = 0; i < 20; i++) {
      gw.registry.setMode('hot', { mode: i % 2 ? 'new' : 'legacy' }, 'test', 'flip');
      await new Promise((r) => setTimeout(r, 5));
    }
    const answers = await Promise.all(inFlight);
    assert.deepEqual(new Set(answers.map(([status]) => status)), new Set([200]));
    assert.deepEqual(new Set(answers.map(([, side]) => side)), new Set(['legacy', 'new']));
  });
});
