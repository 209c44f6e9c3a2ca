import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32, SeededRandom } from './prng';

const draws = (seed: number, n: number): number[] => {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => next());
};

describe('mulberry32', () => {
  it('gives the same stream for the same seed', () => {
    assert.deepEqual(draws(42, 100), draws(42, 100));
  });

  it('gives a different stream for another seed', () => {
    assert.notDeepEqual(draws(42, 10), draws(43, 10));
  });

  it('is pinned: these values must never change, or every seeded database changes', () => {
    const next = mulberry32(42);
    assert.deepEqual(
      [next(), next(), next()].map((v) => v.toFixed(10)),
      ['0.6011037519', '0.4482905590', '0.8524657935'],
    );
  });

  it('stays in [0, 1)', () => {
    for (const v of draws(7, 10_000)) assert.ok(v >= 0 && v < 1);
  });
});

describe('SeededRandom', () => {
  it('draws integers within both bounds', () => {
    const rng = new SeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(rng.int(3, 6));
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6]);
  });

  it('spreads countAround over 0 .. 2 × mean with that mean', () => {
    const rng = new SeededRandom(5);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = rng.countAround(1.5);
      sum += n;
      max = Math.max(max, n);
    }
    assert.equal(max, 3);
    assert.ok(Math.abs(sum / 20_000 - 1.5) < 0.05);
  });

  it('never picks a zero-weight choice', () => {
    const rng = new SeededRandom(9);
    for (let i = 0; i < 1000; i++)
      assert.notEqual(
        rng.weighted([
          ['a', 1],
          ['b', 0],
        ] as const),
        'b',
      );
  });
});
