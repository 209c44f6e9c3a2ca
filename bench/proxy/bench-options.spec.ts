import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('runs every target, the soak and full-length phases by default', () => {
    const o = parseBenchOptions([], '/repo');
    assert.equal(o.targets.length, 8);
    assert.deepEqual([o.rounds, o.seconds], [5, 3]);
    assert.equal(o.soakRequests, 1_000_000);
    assert.equal(o.soakWsCycles, 10_000);
    assert.equal(o.out, '/repo/bench/results/proxy.json');
  });

  it('--quick shortens every phase', () => {
    const o = parseBenchOptions(['--quick'], '/repo');
    assert.deepEqual([o.rounds, o.seconds], [2, 1.5]);
    assert.ok(o.halfLoadSeconds < 10 && o.soakRequests < 1_000_000 && o.soakWsCycles < 10_000);
  });

  it('--rounds sets the number of max-load rounds, with or without --quick', () => {
    assert.equal(parseBenchOptions(['--rounds', '7']).rounds, 7);
    assert.deepEqual(
      (({ rounds, seconds }) => [rounds, seconds])(parseBenchOptions(['--quick', '--rounds', '3'])),
      [3, 1.5],
    );
    for (const bad of ['0', '2.5', 'many'])
      assert.throws(() => parseBenchOptions(['--rounds', bad]), {
        code: 'FICUS_BENCH_BAD_ARGS',
        message: /--rounds/,
      });
  });

  it('--only keeps the upstream direct, the baseline every row is compared with', () => {
    assert.deepEqual(parseBenchOptions(['--only', 'nginx']).targets, ['direct', 'nginx']);
  });

  it('rejects an unknown target with a stable code and the list of valid ones', () => {
    assert.throws(() => parseBenchOptions(['--only', 'envoy']), {
      code: 'FICUS_BENCH_UNKNOWN_TARGET',
      message: /envoy.*gateway-legacy/,
    });
  });

  it('--half-rate fixes the half-load rate; anything but whole requests per second is refused', () => {
    assert.equal(parseBenchOptions(['--half-rate', '2000']).halfLoadRps, 2000);
    assert.equal(parseBenchOptions([]).halfLoadRps, undefined);
    assert.throws(() => parseBenchOptions(['--half-rate', 'fast']), {
      code: 'FICUS_BENCH_BAD_ARGS',
    });
  });

  it('--curve sets the lighter loads of the latency curve, ascending; none turns it off', () => {
    assert.deepEqual(parseBenchOptions([]).curveShares, [0.1, 0.25, 0.4]);
    assert.deepEqual(parseBenchOptions(['--quick']).curveShares, [0.25]);
    assert.deepEqual(parseBenchOptions(['--curve', '30, 5,30']).curveShares, [0.05, 0.3]);
    assert.deepEqual(parseBenchOptions(['--curve', 'none']).curveShares, []);
    for (const bad of ['0', '50', '10,x', '', '-5'])
      assert.throws(() => parseBenchOptions([`--curve=${bad}`]), {
        code: 'FICUS_BENCH_BAD_ARGS',
        message: /--curve .*above 0 and under 50/,
      });
  });

  it('--max-steal sets the steal share above which a run is run again, twice at most', () => {
    const o = parseBenchOptions([]);
    assert.deepEqual([o.maxSteal, o.stealReruns], [0.05, 2]);
    assert.equal(parseBenchOptions(['--max-steal', '12.5']).maxSteal, 0.125);
    assert.equal(parseBenchOptions(['--max-steal', '100']).maxSteal, 1);
    for (const bad of ['-1', '101', 'low', ''])
      assert.throws(() => parseBenchOptions([`--max-steal=${bad}`]), {
        code: 'FICUS_BENCH_BAD_ARGS',
        message: /--max-steal .*0 to 100/,
      });
  });

  it('rejects an unknown flag with the usage', () => {
    assert.throws(() => parseBenchOptions(['--fast']), {
      code: 'FICUS_BENCH_BAD_ARGS',
      message: /--quick/,
    });
  });
});
