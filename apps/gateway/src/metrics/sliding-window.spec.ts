import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlidingWindow } from './sliding-window';

describe('sliding window', () => {
  it('sums the buckets inside the window and forgets older ones', () => {
    let now = 0;
    const w = new SlidingWindow(10_000, 10, () => now);
    w.addRequest(5, true);
    now = 5_000;
    w.addRequest(5, false);
    w.addComparison(true);
    assert.deepEqual(
      { ...w.totals(), p99Ms: undefined },
      { requests: 2, errors: 1, compared: 1, matched: 1, p99Ms: undefined },
    );
    now = 10_500;
    assert.equal(w.totals().requests, 1, 'the first bucket aged out');
    now = 100_000;
    assert.equal(w.totals().requests, 0);
  });

  it('estimates p99 within 5%', () => {
    const w = new SlidingWindow(60_000, 20, () => 0);
    for (let i = 1; i <= 1000; i++) w.addRequest(i, false);
    const p99 = w.totals().p99Ms!;
    assert.ok(Math.abs(p99 - 990) / 990 < 0.05, `p99 estimated as ${p99}`);
  });

  it('starts empty after reset', () => {
    const w = new SlidingWindow(1000, 10, () => 0);
    w.addRequest(1, true);
    w.reset();
    assert.equal(w.totals().requests, 0);
    assert.equal(w.totals().p99Ms, undefined);
  });
});
