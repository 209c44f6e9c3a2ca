import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketQuantile } from './route-stats';

describe('bucket quantile', () => {
  it('reports the upper bound of the bucket holding the quantile', () => {
    const buckets: Array<[number, number]> = [
      [0.01, 90],
      [0.1, 99],
      [1, 100],
      [Infinity, 100],
    ];
    assert.equal(bucketQuantile(buckets, 0.5), 0.01);
    assert.equal(bucketQuantile(buckets, 0.99), 0.1);
    assert.equal(bucketQuantile(buckets, 1), 1);
  });

  it('is null without requests or beyond the last finite bound', () => {
    assert.equal(
      bucketQuantile(
        [
          [1, 0],
          [Infinity, 0],
        ],
        0.99,
      ),
      null,
    );
    assert.equal(
      bucketQuantile(
        [
          [1, 1],
          [Infinity, 10],
        ],
        0.99,
      ),
      null,
    );
  });
});
