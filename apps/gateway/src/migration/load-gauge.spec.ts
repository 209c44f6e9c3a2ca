import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoadGauge, MIN_SHADOW_SHARE, shadowShare } from './load-gauge';

describe('shadowShare', () => {
  it('copies every request while the event loop is below the threshold', () => {
    assert.equal(shadowShare(0, 0.8), 1);
    assert.equal(shadowShare(0.8, 0.8), 1);
  });

  it('copies fewer in proportion above it, never fewer than the floor', () => {
    assert.ok(Math.abs(shadowShare(0.9, 0.8) - 0.5) < 1e-9);
    assert.ok(shadowShare(0.85, 0.8) > shadowShare(0.95, 0.8));
    assert.equal(shadowShare(1, 0.8), MIN_SHADOW_SHARE);
  });

  it('never sheds with a threshold of 1', () => {
    assert.equal(shadowShare(1, 1), 1);
  });
});

describe('LoadGauge', () => {
  it('reads a loop kept busy as highly utilised', async () => {
    const gauge = new LoadGauge();
    try {
      const until = performance.now() + 350;
      // Busy for 350 ms with only brief yields: every 100 ms sample sees a saturated loop.
      while (performance.now() < until) {
        const slice = performance.now() + 20;
        while (performance.now() < slice);
        await new Promise((done) => setImmediate(done));
      }
      assert.ok(gauge.utilization > 0.8, `utilisation ${gauge.utilization}`);
      await new Promise((done) => setTimeout(done, 250));
      assert.ok(gauge.utilization < 0.5, `idle utilisation ${gauge.utilization}`);
    } finally {
      gauge.close();
    }
  });
});
