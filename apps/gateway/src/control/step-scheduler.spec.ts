import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '@ficus/core';
import { gatewayConfigSchema } from '../config/config.schema';
import { RouteRegistry } from '../routing/route-registry';
import { ControlPlane } from './control-plane';
import { MemoryControlStore } from './memory-control-store';
import type { StepEvidence, StepFigures } from './step-evidence';
import { StepScheduler } from './step-scheduler';

const log = createLogger('test', { level: 'silent' });
const config = gatewayConfigSchema.parse({
  version: 1,
  upstreams: { legacy: { url: 'http://127.0.0.1:1' }, svc: { url: 'http://127.0.0.1:2' } },
  groups: { people: { cohort: { header: 'x-user' } } },
  routes: [
    { name: 'read', path: '/r/:id', target: 'svc', group: 'people', mode: 'shadow' },
    { name: 'bare', path: '/bare' },
  ],
  gates: { people: { canary: { minRequests: 5, maxErrorRateOverLegacy: 0.01 } } },
  schedules: { people: { steps: [10, 50, 100], every: '5s' } },
});

const side = (requests: number, errors: number) => ({
  requests,
  errors,
  errorRate: requests ? errors / requests : null,
  p99Ms: requests ? 10 : null,
});

/** What the step measured, set per test: the scheduler reads it through the control plane's gates. */
class Figures {
  value: StepFigures = {
    since: new Date(0),
    comparisons: 0,
    matches: 0,
    parityRate: null,
    legacy: side(100, 0),
    new: side(10, 0),
  };
  evidence(): StepEvidence {
    return {
      figures: () => this.value,
      traffic: () => null,
      overall: () => null,
    } as unknown as StepEvidence;
  }
}

async function gateway(store = new MemoryControlStore()) {
  const registry = new RouteRegistry(config);
  const control = new ControlPlane(registry, store, log);
  await control.start(config.routes);
  const figures = new Figures();
  control.useEvidence(figures.evidence());
  let now = new Date('2026-01-01T12:00:00Z');
  const clock = {
    now: () => now,
    pass: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
  const scheduler = new StepScheduler(control, () => registry.config, log, { now: clock.now });
  control.useScheduler(scheduler);
  const placement = () => {
    const { mode, weight } = control.get('read').view;
    return mode === 'canary' ? `canary ${weight}` : mode;
  };
  const schedule = () => control.status().find((s) => s.state.view.name === 'read')!.schedule!;
  return { control, registry, scheduler, figures, clock, placement, schedule, store };
}

describe('StepScheduler', () => {
  it('raises the weight step by step while the gates hold, then promotes to new and is done', async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 10');
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 10', 'the next step is not due yet');
    assert.deepEqual(g.schedule().next, { mode: 'canary', weight: 50 });
    g.clock.pass(5_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 50');
    g.clock.pass(5_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'new');
    assert.equal(g.schedule().record.state, 'done');
    const audit = (await g.control.audit({ limit: 10 })).entries.map((e) => [e.actor, e.action]);
    assert.deepEqual(audit.slice(0, 4).reverse(), [
      ['alice', 'schedule-start'],
      ['schedule', 'schedule-step'],
      ['schedule', 'schedule-step'],
      ['schedule', 'schedule-step'],
    ]);
  });

  it('waits while a gate does not hold, showing which, and steps once it holds', async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await g.scheduler.tick();
    g.figures.value = { ...g.figures.value, new: side(2, 0) };
    g.clock.pass(5_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 10');
    assert.deepEqual(
      g.schedule().waitingOn.map((x) => [x.gate, x.state, x.figure, x.threshold]),
      [['minRequests', 'fail', 2, 5]],
    );
    g.figures.value = { ...g.figures.value, new: side(5, 0) };
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 50');
  });

  it('rolls back to legacy when a gate breaks at a step time, audited as an automatic rollback', async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await g.scheduler.tick();
    g.figures.value = { ...g.figures.value, new: side(20, 4) };
    g.clock.pass(5_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'legacy');
    assert.equal(g.schedule().record.state, 'rolled-back');
    const [last] = (await g.control.audit({ limit: 1 })).entries;
    assert.equal(last!.action, 'auto-rollback');
    assert.match(last!.reason, /maxErrorRateOverLegacy broke at canary 10%: error rate 20\.00%/);
  });

  it('sends the route to legacy after an SLO auto-rollback during the schedule', async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await g.scheduler.tick();
    g.clock.pass(5_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'canary 50');
    // What AutoRollback does on a breach: back to the previous mode, persisted after.
    g.registry.rollback('read', 'auto-rollback', 'maxErrorRate: error rate 0.300 > 0.05');
    await g.control.sync();
    await g.scheduler.tick();
    assert.equal(g.placement(), 'legacy');
    assert.equal(g.schedule().record.state, 'rolled-back');
    const [last] = (await g.control.audit({ limit: 1 })).entries;
    assert.deepEqual([last!.actor, last!.action], ['schedule', 'auto-rollback']);
    assert.match(last!.reason, /rolled back by auto-rollback .*maxErrorRate.*back to legacy/);
  });

  it("stops on an operator's move, audited, and leaves the route where the operator put it", async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await g.scheduler.tick();
    await g.control.rollback('read', 'bob', 'not today');
    assert.equal(g.placement(), 'shadow');
    assert.equal(g.schedule().record.state, 'cancelled');
    assert.match(g.schedule().record.note, /bob's rollback to shadow/);
    const [last] = (await g.control.audit({ limit: 1 })).entries;
    assert.deepEqual([last!.actor, last!.action], ['bob', 'schedule-stop']);
    g.clock.pass(60_000);
    await g.scheduler.tick();
    assert.equal(g.placement(), 'shadow');
  });

  it('refuses to start without a schedule declared, twice, or past the last step', async () => {
    const g = await gateway();
    await g.control.startSchedule('read', 'alice', 'go');
    await assert.rejects(g.control.startSchedule('read', 'alice', 'again'), {
      code: 'FICUS_SCHEDULE_CONFLICT',
    });
    await g.control.stopSchedule('read', 'alice', 'enough');
    await g.control.setMode('read', { mode: 'new', force: true }, 'alice', 'done by hand');
    await assert.rejects(g.control.startSchedule('read', 'alice', 'go'), /past every step/);
    await assert.rejects(g.control.startSchedule('bare', 'alice', 'go'), {
      code: 'FICUS_SCHEDULE_NOT_DECLARED',
    });
  });

  it('takes a step once when two gateways share the store and judge it together', async () => {
    const store = new MemoryControlStore();
    const a = await gateway(store);
    const b = await gateway(store);
    await a.control.startSchedule('read', 'alice', 'go');
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    await Promise.all([a.control.sync(), b.control.sync()]);
    const steps = (await store.audit({ limit: 10 })).entries.filter(
      (e) => e.action === 'schedule-step',
    );
    assert.equal(steps.length, 1);
    assert.equal(a.placement(), 'canary 10');
    assert.equal(b.placement(), 'canary 10');
  });
});
