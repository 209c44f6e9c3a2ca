import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addSteal,
  parseCpuCounters,
  rerunOnSteal,
  stealBetween,
  stealShare,
  type StealSample,
} from './cpu-steal';

const PROC_STAT = `cpu  16474 0 9378 50196 339 0 2155 14835 0 0
cpu0 8000 0 4600 25000 170 0 1100 7400 0 0
cpu1 8474 0 4778 25196 169 0 1055 7435 0 0
intr 1234 0 0
ctxt 99
`;

describe('parseCpuCounters', () => {
  it('reads the aggregate cpu line: eight counters in the total, the eighth as steal', () => {
    assert.deepEqual(parseCpuCounters(PROC_STAT), {
      total: 16474 + 9378 + 50196 + 339 + 2155 + 14835,
      steal: 14835,
    });
  });

  it('leaves the guest columns out of the total (guest time is already inside user)', () => {
    const counters = parseCpuCounters('cpu  100 0 0 100 0 0 0 0 50 0\n');
    assert.deepEqual(counters, { total: 200, steal: 0 });
  });

  it('gives nothing for text without the aggregate line or with too few counters', () => {
    assert.equal(parseCpuCounters('cpu0 1 2 3 4 5 6 7 8\n'), undefined);
    assert.equal(parseCpuCounters('cpu  1 2 3\n'), undefined);
    assert.equal(parseCpuCounters(''), undefined);
  });
});

describe('stealBetween and stealShare', () => {
  it('is the steal ticks over all ticks between two readings', () => {
    const sample = stealBetween({ total: 1000, steal: 100 }, { total: 1400, steal: 200 });
    assert.deepEqual(sample, { steal: 100, total: 400 });
    assert.equal(stealShare(sample), 0.25);
  });

  it('is unknown when a reading is missing or no time was counted', () => {
    assert.equal(stealBetween(undefined, { total: 1, steal: 0 }), undefined);
    assert.equal(stealBetween({ total: 5, steal: 0 }, { total: 5, steal: 0 }), undefined);
    assert.equal(stealShare(undefined), undefined);
  });

  it('adds samples tick by tick, so a long run weighs more than a short one', () => {
    const long = { steal: 0, total: 900 };
    const short = { steal: 100, total: 100 };
    assert.equal(stealShare(addSteal(long, short)), 0.1);
    assert.equal(addSteal(undefined, short), short);
    assert.equal(addSteal(long, undefined), long);
  });
});

describe('rerunOnSteal', () => {
  const policy = { maxShare: 0.05, reruns: 2 };
  /** Attempts that report the given steal shares in turn; the result is the attempt's number. */
  function attempts(shares: number[]) {
    let n = 0;
    return () => {
      const share = shares[n] ?? 0;
      n++;
      const steal: StealSample = { steal: share * 1000, total: 1000 };
      return Promise.resolve({ result: n, steal });
    };
  }

  it('keeps a run within the limit at once', async () => {
    const got = await rerunOnSteal(policy, attempts([0.01]));
    assert.equal(got.result, 1);
    assert.equal(got.reruns, 0);
  });

  it('runs again after a run with too much steal and keeps the first clean one', async () => {
    const reruns: number[] = [];
    const got = await rerunOnSteal(policy, attempts([0.3, 0.02, 0]), (_share, n) => reruns.push(n));
    assert.equal(got.result, 2);
    assert.equal(got.reruns, 1);
    assert.deepEqual(reruns, [1]);
    assert.equal(stealShare(got.steal), 0.02);
  });

  it('stops after the allowed re-runs and keeps the attempt with the least steal', async () => {
    const got = await rerunOnSteal(policy, attempts([0.3, 0.1, 0.2, 0]));
    assert.equal(got.result, 2);
    assert.equal(got.reruns, 2);
    assert.equal(stealShare(got.steal), 0.1);
  });

  it('never re-runs with no re-runs allowed, or when steal cannot be read', async () => {
    const none = await rerunOnSteal({ maxShare: 0.05, reruns: 0 }, attempts([0.5]));
    assert.equal(none.result, 1);
    const unknown = await rerunOnSteal(policy, () =>
      Promise.resolve({ result: 'x', steal: undefined }),
    );
    assert.deepEqual(unknown, { result: 'x', steal: undefined, reruns: 0 });
  });
});
