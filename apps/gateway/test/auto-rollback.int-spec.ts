import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import type { RouteChange } from '../src/routing/route-registry';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

describe('auto-rollback on SLO breach', () => {
  let legacy: TestUpstream;
  let broken: TestUpstream;
  let different: TestUpstream;
  let gw: RunningPlane;
  const changes: RouteChange[] = [];

  before(async () => {
    legacy = await startTestUpstream('legacy');
    broken = await startTestUpstream('broken', (_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    different = await startTestUpstream('different', (_req, res) => res.end('{"other":true}'));
    gw = await startDataPlane({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        // The breaker must not hide the errors from the SLO window in this test.
        broken: { url: broken.url, circuit: { consecutiveFailures: 1000, minRequests: 1000 } },
        different: { url: different.url },
      },
      routes: [
        {
          name: 'risky',
          path: '/risky',
          mode: 'shadow',
          target: 'broken',
          cohort: { header: 'x-user' },
          slo: { maxErrorRate: 0.05, window: '30s', minRequests: 5 },
        },
        {
          name: 'drifting',
          path: '/drifting',
          mode: 'shadow',
          target: 'different',
          slo: { minParityRate: 0.99, window: '30s', minRequests: 5 },
        },
      ],
    });
    gw.registry.onChange((c) => changes.push(c));
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy, broken, different].map((u) => u.close()));
  });

  it('returns a canary with too many errors to its previous mode, as actor auto-rollback', async () => {
    gw.registry.setMode('risky', { mode: 'canary', weight: 100 }, 'operator', 'start canary');
    await eventually(async () => {
      const res = await request(gw.base).get('/risky').set('x-user', 'u1').expect(200);
      // Fail-open keeps clients served while the service fails.
      assert.equal(res.headers['x-ficus-upstream'], 'legacy');
      return gw.registry.get('risky')?.mode !== 'canary';
    });
    const change = changes.find((c) => c.actor === 'auto-rollback' && c.route === 'risky');
    assert.ok(change, 'no auto-rollback change was emitted');
    assert.equal(change.before?.mode, 'canary');
    assert.equal(change.after?.mode, 'shadow');
    assert.match(change.reason, /^maxErrorRate: error rate 1\.000 > 0\.05 over \d+ requests/);
    assert.equal(gw.registry.get('risky')?.mode, 'shadow');
    assert.match(
      await gw.metrics.registry.metrics(),
      /ficus_route_mode\{route="risky",mode="shadow"\} 1/,
    );
  });

  it('returns a shadowed route whose parity falls below its objective to legacy', async () => {
    await eventually(async () => {
      await request(gw.base).get('/drifting').expect(200);
      return gw.registry.get('drifting')?.mode === 'legacy';
    });
    const change = changes.find((c) => c.actor === 'auto-rollback' && c.route === 'drifting');
    assert.equal(change?.before?.mode, 'shadow');
    assert.match(
      change?.reason ?? '',
      /^minParityRate: parity 0\.000 < 0\.99 over \d+ comparisons/,
    );
  });
});
