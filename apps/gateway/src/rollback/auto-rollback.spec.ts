import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sloBreach } from './auto-rollback';

const slo = {
  maxErrorRate: 0.05,
  maxP99Ms: 500,
  minParityRate: 0.99,
  window: 60_000,
  minRequests: 20,
};
const quiet = { compared: 0, matched: 0 };

describe('SLO evaluation', () => {
  it('waits for minRequests before judging', () => {
    assert.equal(sloBreach(slo, { requests: 19, errors: 19, p99Ms: 9999 }, quiet), undefined);
  });

  it('names the objective, its value and threshold', () => {
    assert.equal(
      sloBreach(slo, { requests: 20, errors: 2, p99Ms: 10 }, quiet),
      'maxErrorRate: error rate 0.100 > 0.05 over 20 requests in 60000 ms',
    );
    assert.match(
      sloBreach(slo, { requests: 20, errors: 0, p99Ms: 800 }, quiet)!,
      /^maxP99Ms: p99 800 ms > 500 ms/,
    );
    assert.match(
      sloBreach(slo, { requests: 0, errors: 0, p99Ms: undefined }, { compared: 20, matched: 19 })!,
      /^minParityRate: parity 0\.950 < 0\.99 over 20 comparisons/,
    );
  });

  it('passes a healthy window', () => {
    assert.equal(
      sloBreach(slo, { requests: 100, errors: 5, p99Ms: 400 }, { compared: 100, matched: 99 }),
      undefined,
    );
  });
});
