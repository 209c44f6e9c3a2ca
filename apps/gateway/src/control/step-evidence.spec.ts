import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayConfigSchema } from '../config/config.schema';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ParityTracker } from '../parity/parity-tracker';
import { RouteRegistry } from '../routing/route-registry';
import { StepEvidence } from './step-evidence';

function setup() {
  const config = gatewayConfigSchema.parse({
    version: 1,
    upstreams: { legacy: { url: 'http://127.0.0.1:1' }, patients: { url: 'http://127.0.0.1:2' } },
    routes: [
      {
        name: 'reads',
        path: '/api/patients/:id',
        target: 'patients',
        cohort: { header: 'x-client-id' },
      },
    ],
  });
  const metrics = new GatewayMetrics();
  const registry = new RouteRegistry(config, { metrics });
  const parity = new ParityTracker();
  let clock = new Date('2026-01-01T00:00:00Z');
  const evidence = new StepEvidence(
    registry,
    (r) => metrics.forRoute(r),
    parity,
    () => clock,
  );
  const instruments = metrics.forRoute('reads');
  return {
    registry,
    parity,
    instruments,
    evidence,
    tick: (ms: number) => (clock = new Date(clock.getTime() + ms)),
  };
}

describe('step evidence', () => {
  it("counts only the current step's traffic and comparisons", () => {
    const { registry, parity, instruments, evidence, tick } = setup();
    instruments.answered('legacy', 'GET', 200, 0.002);
    parity.record('reads', []);
    tick(5000);
    registry.setMode('reads', { mode: 'canary', weight: 50 }, 'test', 'step');
    const fresh = evidence.figures('reads');
    assert.deepEqual([fresh.comparisons, fresh.legacy.requests, fresh.parityRate], [0, 0, null]);

    instruments.answered('new', 'GET', 200, 0.004);
    instruments.answered('new', 'GET', 503, 0.004);
    instruments.answered('legacy', 'GET', 200, 0.002);
    parity.record('reads', []);
    parity.record('reads', [{ path: '$.name', kind: 'value' }]);
    const step = evidence.figures('reads');
    assert.deepEqual([step.comparisons, step.matches, step.parityRate], [2, 1, 0.5]);
    assert.deepEqual([step.new.requests, step.new.errors, step.new.errorRate], [2, 1, 0.5]);
    assert.deepEqual([step.legacy.requests, step.legacy.errors], [1, 0]);
    assert.deepEqual([step.new.p99Ms, step.legacy.p99Ms], [5, 5]);
  });

  it('counts a fail-open as a request the new service failed, not as legacy traffic', () => {
    const { registry, instruments, evidence } = setup();
    registry.setMode('reads', { mode: 'new' }, 'test', 'step');
    instruments.failedOpen('connect');
    instruments.answered('legacy', 'GET', 200, 0.002);
    const step = evidence.figures('reads');
    assert.deepEqual([step.new.requests, step.new.errors], [1, 1]);
    assert.equal(step.legacy.requests, 0);
    assert.equal(step.legacy.errorRate, null);
  });

  it('starts a new step when the weight changes, not when nothing did', () => {
    const { registry, evidence, tick } = setup();
    registry.setMode('reads', { mode: 'canary', weight: 10 }, 'test', 'step');
    const since = evidence.figures('reads').since;
    tick(1000);
    registry.setMode('reads', { mode: 'canary', weight: 10 }, 'test', 'same');
    assert.equal(evidence.figures('reads').since, since);
    tick(1000);
    const raised = registry.setMode('reads', { mode: 'canary', weight: 25 }, 'test', 'raise');
    assert.equal(evidence.figures('reads').since, raised.at);
  });
});
