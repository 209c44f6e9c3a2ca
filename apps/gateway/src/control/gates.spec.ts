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
});
