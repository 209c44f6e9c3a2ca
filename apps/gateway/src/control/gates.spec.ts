import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocking, evaluateMove, isForward } from './gates';
import type { StepFigures } from './step-evidence';

const at = new Date('2026-01-01T12:00:00Z');
const side = (requests: number, errors: number, p99Ms: number | null) => ({
  requests,
  errors,
  errorRate: requests ? errors / requests : null,
  p99Ms,
});
const figures = (over: Partial<StepFigures> = {}): StepFigures => ({
  since: new Date(at.getTime() - 60_000),
  comparisons: 100,
  matches: 99,
  parityRate: 0.99,
  legacy: side(100, 1, 10),
  new: side(100, 1, 10),
  ...over,
});

describe('gates', () => {
  it('tells a move forward from a step back, canary weights included', () => {
    assert.equal(isForward({ mode: 'legacy', weight: 0 }, { mode: 'shadow', weight: 0 }), true);
    assert.equal(isForward({ mode: 'canary', weight: 10 }, { mode: 'canary', weight: 25 }), true);
    assert.equal(isForward({ mode: 'canary', weight: 25 }, { mode: 'canary', weight: 10 }), false);
    assert.equal(isForward({ mode: 'new', weight: 0 }, { mode: 'legacy', weight: 0 }), false);
  });

  it('never gates a step back', () => {
    const steps = { canary: { minComparisons: 1_000_000 } };
    const back = evaluateMove(
      steps,
      { mode: 'canary', weight: 50 },
      { mode: 'shadow', weight: 0 },
      figures(),
      at,
    );
    assert.deepEqual(back, []);
  });

  it('compares error rate and p99 with legacy, and fails without data rather than passing', () => {
    const steps = { canary: { maxErrorRateOverLegacy: 0.005, maxP99OverLegacy: 1.2 } };
    const from = { mode: 'canary' as const, weight: 10 };
    const to = { mode: 'canary' as const, weight: 25 };
    const slow = evaluateMove(
      steps,
      from,
      to,
      figures({ legacy: side(100, 0, 10), new: side(100, 2, 25) }),
      at,
    );
    assert.deepEqual(
      slow.map((g) => [g.gate, g.state, g.figure]),
      [
        ['maxErrorRateOverLegacy', 'fail', 0.02],
        ['maxP99OverLegacy', 'fail', 2.5],
      ],
    );
    const none = evaluateMove(steps, from, to, figures({ new: side(0, 0, null) }), at);
    assert.deepEqual(
      none.map((g) => [g.state, g.figure]),
      [
        ['fail', null],
        ['fail', null],
      ],
    );
  });

  it('holds a skip on the skipped mode gates, measured as nothing', () => {
    const steps = { shadow: { minParity: 0.9 }, canary: { minRequests: 1 } };
    const results = evaluateMove(
      steps,
      { mode: 'shadow', weight: 0 },
      { mode: 'new', weight: 0 },
      figures(),
      at,
    );
    assert.deepEqual(
      blocking(results).map((g) => [g.step, g.gate, g.figure]),
      [['canary', 'minRequests', 0]],
    );
  });

  it('shows unmeasured gates as unknown, which holds the move', () => {
    const steps = { legacy: { maxCdcLagMs: 1000, reconciliationClean: true as const } };
    const results = evaluateMove(
      steps,
      { mode: 'legacy', weight: 0 },
      { mode: 'shadow', weight: 0 },
      figures(),
      at,
    );
    assert.deepEqual(
      blocking(results).map((g) => [g.gate, g.state, g.figure]),
      [
        ['maxCdcLagMs', 'unknown', null],
        ['reconciliationClean', 'unknown', null],
      ],
    );
  });

  it("passes reconciliationClean on the target's clean report, fails on differences, holds on unknown", () => {
    const steps = { shadow: { reconciliationClean: true as const } };
    const move = (reconciliation: StepFigures['reconciliation']) =>
      evaluateMove(
        steps,
        { mode: 'shadow', weight: 0 },
        { mode: 'canary', weight: 10 },
        figures({ reconciliation }),
        at,
      ).map((g) => [g.gate, g.state, g.figure]);
    const finishedAt = '2026-01-01T11:00:00.000Z';
    assert.deepEqual(move({ state: 'known', clean: true, remaining: 0, finishedAt }), [
      ['reconciliationClean', 'pass', 0],
    ]);
    assert.deepEqual(move({ state: 'known', clean: false, remaining: 3, finishedAt }), [
      ['reconciliationClean', 'fail', 3],
    ]);
    assert.deepEqual(move({ state: 'unknown', why: 'unreachable' }), [
      ['reconciliationClean', 'unknown', null],
    ]);
  });

  it("judges lag and dead letters on the target's sync status, and holds when it is not known", () => {
    const steps = { canary: { maxCdcLagMs: 1000, maxSyncLagMs: 500, maxDeadLetters: 0 } };
    const move = (sync: StepFigures['sync']) =>
      evaluateMove(
        steps,
        { mode: 'canary', weight: 50 },
        { mode: 'new', weight: 0 },
        figures(sync ? { sync } : {}),
        at,
      ).map((g) => [g.gate, g.state, g.figure]);
    const streaming = (p99Ms: number | null, deadLetters = 0) => ({
      state: 'streaming',
      p99Ms,
      deadLetters,
    });
    assert.deepEqual(move({ state: 'known', inbound: streaming(250), writeBack: streaming(500) }), [
      ['maxCdcLagMs', 'pass', 250],
      ['maxSyncLagMs', 'pass', 500],
      ['maxDeadLetters', 'pass', 0],
    ]);
    assert.deepEqual(
      move({ state: 'known', inbound: streaming(2500, 1), writeBack: streaming(501, 2) }),
      [
        ['maxCdcLagMs', 'fail', 2500],
        ['maxSyncLagMs', 'fail', 501],
        ['maxDeadLetters', 'fail', 3],
      ],
    );
    // A connector that is not streaming holds changes back whatever its last figure; one that has
    // seen no change has no figure, which is never taken for zero.
    assert.deepEqual(
      move({
        state: 'known',
        inbound: { state: 'reconnecting', p99Ms: 10, deadLetters: 0 },
        writeBack: streaming(null),
      }),
      [
        ['maxCdcLagMs', 'fail', 10],
        ['maxSyncLagMs', 'unknown', null],
        ['maxDeadLetters', 'pass', 0],
      ],
    );
    assert.deepEqual(move({ state: 'known', inbound: streaming(1), writeBack: null }), [
      ['maxCdcLagMs', 'pass', 1],
      ['maxSyncLagMs', 'unknown', null],
      ['maxDeadLetters', 'pass', 0],
    ]);
    const unreadable = evaluateMove(
      steps,
      { mode: 'canary', weight: 50 },
      { mode: 'new', weight: 0 },
      figures({ sync: { state: 'unknown', why: '/sync/status of "patients": unreachable' } }),
      at,
    );
    assert.deepEqual(
      unreadable.map((g) => g.state),
      ['unknown', 'unknown', 'unknown'],
    );
    assert.match(unreadable[0]!.detail, /\/sync\/status of "patients": unreachable/);
    assert.deepEqual(move(undefined), [
      ['maxCdcLagMs', 'unknown', null],
      ['maxSyncLagMs', 'unknown', null],
      ['maxDeadLetters', 'unknown', null],
    ]);
  });
});
