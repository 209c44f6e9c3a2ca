import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from './circuit-breaker';

const config = {
  consecutiveFailures: 3,
  errorRatio: 0.5,
  windowRequests: 10,
  minRequests: 6,
  coolDownMs: 1000,
};

function breaker() {
  let now = 0;
  const states: string[] = [];
  const b = new CircuitBreaker(
    config,
    (s) => states.push(s),
    () => now,
  );
  return { b, states, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('opens after consecutive failures and refuses until the cool-down passes', () => {
    const { b, states, advance } = breaker();
    b.failure();
    b.failure();
    assert.equal(b.allow(), true);
    b.failure();
    assert.equal(b.current, 'open');
    assert.equal(b.allow(), false);
    advance(999);
    assert.equal(b.allow(), false);
    advance(1);
    assert.equal(b.allow(), true, 'the probe');
    assert.equal(b.allow(), false, 'only one probe at a time');
    b.success();
    assert.equal(b.current, 'closed');
    assert.deepEqual(states, ['open', 'half-open', 'closed']);
  });

  it('opens on the error ratio even without a run of failures', () => {
    const { b } = breaker();
    for (const failed of [true, false, false, true, false, true]) {
      if (failed) b.failure();
      else b.success();
    }
    assert.equal(b.current, 'open', '3 failures in 6 outcomes reach the 0.5 ratio');
  });

  it('does not open on the ratio before enough requests', () => {
    const { b } = breaker();
    b.failure();
    b.success();
    b.failure();
    b.success();
    assert.equal(b.current, 'closed');
  });

  it('re-opens when the probe fails, and frees the probe when it is abandoned', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failure();
    advance(1000);
    assert.equal(b.allow(), true);
    b.abandon();
    assert.equal(b.allow(), true, 'an abandoned probe lets another through');
    b.failure();
    assert.equal(b.current, 'open');
    assert.equal(b.allow(), false);
  });
});
