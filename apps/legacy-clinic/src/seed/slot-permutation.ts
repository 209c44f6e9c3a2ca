import { type SeededRandom } from './prng';

/**
 * Hands out appointment slots that never collide, without remembering the ones already given:
 * slot(k) = (a·k + b) mod size is a bijection on [0, size) whenever gcd(a, size) = 1, so the
 * k-th appointment of a seed run always gets its own slot, scattered over the whole calendar.
 * Memory stays constant at a million patients, where a set of taken slots would not.
 */
export class SlotPermutation {
  private readonly size: bigint;
  private readonly a: bigint;
  private readonly b: bigint;

  constructor(size: number, rng: SeededRandom) {
    if (!Number.isSafeInteger(size) || size < 1)
      throw new RangeError('slot space must be a positive integer');
    this.size = BigInt(size);
    // Near the golden ratio of the space, consecutive k land far apart.
    let a = Math.floor(size * 0.6180339887) + rng.int(0, 997);
    while (gcd(a, size) !== 1) a++;
    this.a = BigInt(a);
    this.b = BigInt(rng.int(0, size - 1));
  }

  /** The slot of the k-th draw; distinct for distinct k in [0, size). */
  at(k: number): number {
    return Number((this.a * BigInt(k) + this.b) % this.size);
  }
}

function gcd(x: number, y: number): number {
  let [p, q] = [x, y];
  while (q !== 0) [p, q] = [q, p % q];
  return p;
}
