import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadResult } from './load-result';
import { combineRounds, median, roundOrder, roundSpread } from './rounds';

function run(requests: number, seconds: number, p50Ms: number, p99Ms: number, maxMs = p99Ms) {
  const result: LoadResult = {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms,
    p99Ms,
    maxMs,
    errors: 0,
    non2xx: 0,
  };
  return result;
}

describe('roundOrder', () => {
  it('keeps the cycle and starts each round one target further on', () => {
    const ids = ['a', 'b', 'c'];
    assert.deepEqual(roundOrder(ids, 0), ['a', 'b', 'c']);
    assert.deepEqual(roundOrder(ids, 1), ['b', 'c', 'a']);
    assert.deepEqual(roundOrder(ids, 2), ['c', 'a', 'b']);
    assert.deepEqual(roundOrder(ids, 3), ['a', 'b', 'c']);
  });

  it('gives every target the first slot once in as many rounds as there are targets', () => {
    const ids = ['direct', 'nginx', 'http-proxy', 'fastify', 'gateway-legacy'];
    const firsts = ids.map((_, round) => roundOrder(ids, round)[0]);
    assert.deepEqual([...firsts].sort(), [...ids].sort());
  });

  it('orders nothing when no target is left', () => {
    assert.deepEqual(roundOrder([], 4), []);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 10]), 3.5);
    assert.equal(median([2]), 2);
  });
});

describe('combineRounds', () => {
  it('sums requests and seconds, so req/s is the total over the total, not a mean of rates', () => {
    const combined = combineRounds([run(3000, 3, 1, 5), run(1000, 1, 2, 9)]);
    assert.equal(combined.requests, 4000);
    assert.equal(combined.seconds, 4);
    assert.equal(combined.rps, 1000);
    assert.deepEqual(combined.rounds, [1000, 1000]);
  });

  it('takes the median round for p50 and p99, the worst for max, and adds errors up', () => {
    const rounds = [
      { ...run(9000, 3, 1.0, 4.0, 12), errors: 1 },
      { ...run(6000, 3, 3.0, 30.0, 80), non2xx: 2 },
      { ...run(8700, 3, 1.2, 5.0, 15), errors: 3 },
    ];
    const combined = combineRounds(rounds);
    assert.equal(combined.p50Ms, 1.2);
    assert.equal(combined.p99Ms, 5.0);
    assert.equal(combined.maxMs, 80);
    assert.equal(combined.errors, 4);
    assert.equal(combined.non2xx, 2);
    assert.deepEqual(combined.rounds, [3000, 2000, 2900]);
  });

  it('reports zero throughput, not NaN, for runs that lasted no time', () => {
    assert.equal(combineRounds([run(0, 0, 0, 0)]).rps, 0);
    assert.equal(combineRounds([]).rps, 0);
  });
});

describe('roundSpread', () => {
  it('is the range of the rounds over their mean', () => {
    assert.ok(Math.abs((roundSpread([900, 1000, 1100]) ?? 0) - 0.2) < 1e-9);
  });

  it('has no value for a single round or no throughput', () => {
    assert.equal(roundSpread([1000]), undefined);
    assert.equal(roundSpread([0, 0]), undefined);
  });
});
