import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halfLoadRate } from './half-load-rate';

const direct = { id: 'direct', label: 'upstream direct', max: { rps: 20001 } } as const;
const bare = { id: 'http-proxy', label: 'bare http-proxy', max: { rps: 9000 } } as const;
const legacy = { id: 'gateway-legacy', label: 'ficus legacy', max: { rps: 8001 } } as const;

describe('halfLoadRate', () => {
  it("is half of the gateway legacy's max: the rate its added-p99 target is about", () => {
    assert.deepEqual(halfLoadRate([direct, bare, legacy]), {
      rps: 4001,
      source: '50% of ficus legacy max',
    });
  });

  it('falls back to the bare http-proxy, then to the upstream direct', () => {
    assert.deepEqual(halfLoadRate([direct, bare]), {
      rps: 4500,
      source: '50% of bare http-proxy max',
    });
    assert.deepEqual(halfLoadRate([direct]), { rps: 10001, source: '50% of upstream direct max' });
  });

  it('falls back as well when the gateway was selected but has no max-load figure', () => {
    const failed = { id: 'gateway-legacy', label: 'ficus legacy' } as const;
    assert.equal(halfLoadRate([direct, failed]).source, '50% of upstream direct max');
  });

  it('takes --half-rate over any measured max', () => {
    assert.deepEqual(halfLoadRate([direct, legacy], 2500), {
      rps: 2500,
      source: 'set with --half-rate',
    });
  });

  it('has no rate when nothing was measured', () => {
    assert.equal(halfLoadRate([{ id: 'direct', label: 'upstream direct' }]).rps, null);
  });
});
