import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateResult } from './gates';
import { afterStep, decide, firstStep, startSchedule, type ScheduleInputs } from './step-schedule';

const t0 = new Date('2026-01-01T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const gate = (
  name: string,
  state: GateResult['state'],
  figure: number | null = null,
): GateResult => ({
  gate: name,
  step: 'canary',
  state,
  figure,
  threshold: 0,
  detail: `${name} ${state}`,
});
const schedule = (live = { mode: 'shadow' as const, weight: 0 }) =>
  startSchedule('patients-read', { steps: [10, 50, 100], every: 5_000 }, live, 0, 'ops', t0);
const inputs = (over: Partial<ScheduleInputs> = {}): ScheduleInputs => ({
  live: { mode: 'shadow', weight: 0 },
  now: t0,
  stepGates: () => [],
  moveGates: () => [],
  ...over,
});

describe('step schedule', () => {
  it('starts at the first step from shadow, above the live weight from canary, and not past the last', () => {
    assert.equal(firstStep([10, 50, 100], { mode: 'shadow', weight: 0 }), 0);
    assert.equal(firstStep([10, 50, 100], { mode: 'canary', weight: 10 }), 1);
    assert.equal(firstStep([10, 50, 100], { mode: 'canary', weight: 30 }), 1);
    assert.equal(firstStep([10, 50], { mode: 'canary', weight: 50 }), undefined);
    assert.equal(firstStep([10, 50, 100], { mode: 'new', weight: 0 }), undefined);
    // From canary the route holds its weight one interval before the first step.
    const fromCanary = schedule({ mode: 'canary', weight: 10 } as never);
    assert.deepEqual(fromCanary.dueAt, at(5_000));
  });

  it('takes each step when due and its gates hold, waits before, and promotes to new at 100', () => {
    let s = schedule();
    assert.deepEqual(decide(s, inputs()), {
      kind: 'step',
      to: { mode: 'canary', weight: 10 },
      last: false,
    });
    s = afterStep(s, { mode: 'canary', weight: 10 }, false, t0);
    const live = { mode: 'canary' as const, weight: 10 };
    assert.deepEqual(decide(s, inputs({ live, now: at(4_999) })), { kind: 'not-due' });
    assert.deepEqual(decide(s, inputs({ live, now: at(5_000) })), {
      kind: 'step',
      to: { mode: 'canary', weight: 50 },
      last: false,
    });
    s = afterStep(s, { mode: 'canary', weight: 50 }, false, at(5_000));
    const last = decide(s, inputs({ live: { mode: 'canary', weight: 50 }, now: at(10_000) }));
    assert.deepEqual(last, { kind: 'step', to: { mode: 'new', weight: 50 }, last: true });
    s = afterStep(s, { mode: 'new', weight: 50 }, true, at(10_000));
    assert.equal(s.state, 'done');
  });

  it('waits, naming the gates that do not hold, and judges the move to the next step', () => {
    const s = afterStep(schedule(), { mode: 'canary', weight: 10 }, false, t0);
    let asked: unknown;
    const decision = decide(
      s,
      inputs({
        live: { mode: 'canary', weight: 10 },
        now: at(6_000),
        moveGates: (to) => {
          asked = to;
          return [gate('minParity', 'fail', 0.9), gate('minTimeInStep', 'pass', 6000)];
        },
      }),
    );
    assert.deepEqual(asked, { mode: 'canary', weight: 50 });
    assert.deepEqual(decision, {
      kind: 'wait',
      to: { mode: 'canary', weight: 50 },
      waitingOn: [gate('minParity', 'fail', 0.9)],
    });
  });

  it('rolls back on a breaking gate measured over enough requests, and only waits on too few', () => {
    const s = afterStep(schedule(), { mode: 'canary', weight: 10 }, false, t0);
    const live = { mode: 'canary' as const, weight: 10 };
    const worse = gate('maxErrorRateOverLegacy', 'fail', 0.2);
    const broke = decide(
      s,
      inputs({
        live,
        now: at(5_000),
        stepGates: () => [gate('minRequests', 'pass', 50), worse],
        moveGates: () => [worse],
      }),
    );
    assert.equal(broke.kind, 'rollback');
    assert.match(
      (broke as { reason: string }).reason,
      /maxErrorRateOverLegacy broke at canary 10%/,
    );
    const few = decide(
      s,
      inputs({
        live,
        now: at(5_000),
        stepGates: () => [gate('minRequests', 'fail', 3), worse],
        moveGates: () => [gate('minRequests', 'fail', 3), worse],
      }),
    );
    assert.equal(few.kind, 'wait');
    // A gate without a figure (no data) never counts as broken.
    const noData = decide(
      s,
      inputs({ live, now: at(5_000), stepGates: () => [gate('maxP99OverLegacy', 'fail')] }),
    );
    assert.equal(noData.kind, 'step');
  });

  it('stops when someone else moved the route, and rolls back to legacy after an automatic rollback', () => {
    const s = afterStep(schedule(), { mode: 'canary', weight: 50 }, false, t0);
    const byHand = decide(
      s,
      inputs({
        live: { mode: 'canary', weight: 10 },
        otherMove: { actor: 'alice', action: 'set-mode', reason: 'too fast' },
      }),
    );
    assert.equal(byHand.kind, 'stop');
    assert.equal((byHand as { state: string }).state, 'cancelled');
    assert.match((byHand as { reason: string }).reason, /from canary 50% to canary 10% by alice/);
    const slo = { actor: 'auto-rollback', action: 'auto-rollback', reason: 'maxErrorRate: 0.5' };
    const breach = decide(s, inputs({ live: { mode: 'canary', weight: 10 }, otherMove: slo }));
    assert.equal(breach.kind, 'rollback');
    const atLegacy = decide(s, inputs({ live: { mode: 'legacy', weight: 0 }, otherMove: slo }));
    assert.equal((atLegacy as { state: string }).state, 'rolled-back');
  });
});
