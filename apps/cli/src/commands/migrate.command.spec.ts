import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep, renderStatus, type RouteStatusBody } from './migrate.command';

describe('ficus promote', () => {
  it('walks legacy → shadow → canary 10 → 25 → 50 → new → retired', () => {
    const walk: string[] = [];
    let at = { mode: 'legacy', weight: 0 };
    while (at.mode !== 'retired') {
      const next = nextStep(at.mode, at.weight);
      at = { mode: next.mode, weight: next.weight ?? 0 };
      walk.push(at.mode === 'canary' ? `canary ${at.weight}` : at.mode);
    }
    assert.deepEqual(walk, ['shadow', 'canary 10', 'canary 25', 'canary 50', 'new', 'retired']);
  });

  it('goes to the weight asked for, and to new at 100', () => {
    assert.deepEqual(nextStep('shadow', 0, 5), { mode: 'canary', weight: 5 });
    assert.deepEqual(nextStep('canary', 10, 100), { mode: 'new' });
  });

  it('refuses from retired: there is no step forward', () => {
    assert.throws(() => nextStep('retired', 0), /FICUS_CLI_NO_NEXT_STEP/);
  });
});

describe('ficus status', () => {
  const side = { requests: 0, errors: 0, errorRate: null, p99Ms: null };
  const route: RouteStatusBody = {
    name: 'patients-read',
    mode: 'canary',
    weight: 10,
    figures: {
      since: '2026-01-01T00:00:00.000Z',
      timeInStepMs: 65_000,
      comparisons: 0,
      matches: 0,
      parityRate: null,
      legacy: side,
      new: side,
    },
    gates: [
      {
        gate: 'minParity',
        step: 'canary',
        state: 'fail',
        figure: null,
        threshold: 0.995,
        detail: 'no comparisons yet; parity must reach 99.50%',
      },
    ],
    gatesHold: false,
  };

  it('shows the share of traffic on new code, per route and overall', () => {
    const text = renderStatus(
      [{ ...route, traffic: { legacy: 75, new: 25, gateway: 2, newShare: 0.25 } }],
      {
        legacy: 300,
        new: 25,
        gateway: 2,
        newShare: 25 / 325,
      },
    );
    assert.match(text, / 25\.0% +1 of 1 do not hold$/m);
    assert.match(
      text,
      /^traffic on new code: 7\.7% of 325 requests since the gateway started \(new 25, legacy 300/m,
    );
  });

  it('shows "no data" for a parity nothing measured, never 100%', () => {
    const text = renderStatus([route]);
    assert.match(text, /^patients-read +canary 10% +1m 5s +0 +no data /m);
    assert.match(text, / — +1 of 1 do not hold$/m);
    assert.doesNotMatch(text, /100/);
    assert.match(text, /1 of 1 do not hold/);
    assert.match(text, /fail +minParity +no comparisons yet/);
  });
});
