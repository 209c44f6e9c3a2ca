import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from './prng';
import { SlotPermutation } from './slot-permutation';

describe('SlotPermutation', () => {
  for (const size of [1, 2, 18, 1096, 19_728, 30_030]) {
    it(`maps [0, ${size}) onto itself without a repeat`, () => {
      const permutation = new SlotPermutation(size, new SeededRandom(size));
      const seen = new Uint8Array(size);
      for (let k = 0; k < size; k++) {
        const slot = permutation.at(k);
        assert.ok(slot >= 0 && slot < size);
        assert.equal(seen[slot], 0, `slot ${slot} issued twice`);
        seen[slot] = 1;
      }
    });
  }

  it('is the same for the same seed', () => {
    const a = new SlotPermutation(10_000, new SeededRandom(3));
    const b = new SlotPermutation(10_000, new SeededRandom(3));
    for (let k = 0; k < 100; k++) assert.equal(a.at(k), b.at(k));
  });

  it('scatters consecutive draws', () => {
    const permutation = new SlotPermutation(100_000, new SeededRandom(4));
    assert.ok(Math.abs(permutation.at(1) - permutation.at(0)) > 1000);
  });
});
