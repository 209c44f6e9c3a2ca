import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadResult, MaxLoadResult } from './load-result';
import { verdicts, withAddedLatency, type TargetReport } from './report';
import type { SoakResult } from './soak';
import type { TargetId } from './targets';

function load(rps: number, p50Ms: number, p99Ms: number): LoadResult {
  return { requests: rps * 10, seconds: 10, rps, p50Ms, p99Ms, maxMs: p99Ms, errors: 0, non2xx: 0 };
}

function row(id: TargetId, max: LoadResult, half?: LoadResult): TargetReport {
  const rounds: MaxLoadResult = { ...max, rounds: [max.rps] };
  return {
    id,
    label: id,
    max: rounds,
    ...(half ? { halfLoad: { ...half, targetRps: half.rps } } : {}),
  };
}

describe('withAddedLatency', () => {
  it('subtracts the upstream direct from each proxy, at max load and at half load', () => {
    const [direct, proxy] = withAddedLatency([
      row('direct', load(20000, 1, 4), load(10000, 0.2, 0.9)),
      row('gateway-legacy', load(9000, 3, 10), load(10000, 0.5, 2.4)),
    ]);
    assert.equal(direct?.addedMs, undefined);
    assert.deepEqual(proxy?.addedMs, { p50: 2, p99: 6 });
    assert.ok(Math.abs((proxy?.halfLoadAddedP99Ms ?? 0) - 1.5) < 1e-9);
  });

  it('subtracts the direct row at the same load from each point of the latency curve', () => {
    const rate = (p99Ms: number) => ({ ...load(1000, 0.3, p99Ms), targetRps: 1000 });
    const [, proxy] = withAddedLatency([
      { ...row('direct', load(20000, 1, 4)), curve: [{ share: 0.1, run: rate(0.6) }] },
      {
        ...row('gateway-legacy', load(9000, 3, 10)),
        curve: [
          { share: 0.1, run: rate(1.5) },
          { share: 0.25, run: rate(2.5) },
        ],
      },
    ]);
    assert.ok(Math.abs((proxy?.curve?.[0]?.addedP99Ms ?? 0) - 0.9) < 1e-9);
    assert.equal(proxy?.curve?.[1]?.addedP99Ms, undefined, 'no direct figure at 25%');
  });

  it('leaves the added latency out when the direct row failed', () => {
    const [proxy] = withAddedLatency([row('nginx', load(15000, 1, 3))]);
    assert.equal(proxy?.addedMs, undefined);
  });
});

describe('verdicts', () => {
  const targets = withAddedLatency([
    row('direct', load(20000, 1, 4), load(10000, 0.2, 0.9)),
    row('http-proxy', load(10000, 3, 9)),
    row('gateway-legacy', load(9500, 3, 10), load(10000, 0.5, 2.4)),
    row('gateway-shadow', load(6000, 5, 20)),
  ]);

  it('compares legacy mode with bare http-proxy and shadow mode with legacy mode', () => {
    const v = verdicts(targets, null);
    assert.deepEqual(v.legacyVsHttpProxy, { value: 0.95, target: '>= 95%', met: true });
    assert.ok(Math.abs((v.shadowCost.value ?? 0) - 0.3684) < 1e-3);
    assert.equal(v.shadowCost.met, false);
    assert.equal(v.halfLoadAddedP99Ms.met, true);
  });

  it('reads a shadow row with the share of requests it copied, and the all-copied row beside it', () => {
    const shadowed = withAddedLatency([
      row('gateway-legacy', load(9000, 3, 10)),
      {
        ...row('gateway-shadow', load(8100, 3, 12)),
        upstreamRequests: { legacy: 81000, next: 8100 },
      },
      {
        ...row('gateway-shadow-all', load(5400, 5, 20)),
        upstreamRequests: { legacy: 55000, next: 54000 },
      },
    ]);
    const v = verdicts(shadowed, null);
    assert.ok(Math.abs((v.shadowCost.value ?? 0) - 0.1) < 1e-9);
    assert.equal(v.shadowCost.met, true);
    assert.equal(v.shadowCost.note, '10% of requests copied');
    assert.ok(Math.abs((v.shadowCostAllCopied.value ?? 0) - 0.4) < 1e-9);
    assert.equal(v.shadowCostAllCopied.met, false);
    assert.equal(v.shadowCostAllCopied.informational, true);
    assert.equal(v.shadowCostAllCopied.note, '98% of requests copied');
  });

  it('judges CPU per request against bare http-proxy: gateway / bare, at most 105%', () => {
    const withCpu = targets.map((t) =>
      t.id === 'http-proxy'
        ? { ...t, cpuUsPerRequest: 90 }
        : t.id === 'gateway-legacy'
          ? { ...t, cpuUsPerRequest: 120 }
          : t,
    );
    const v = verdicts(withCpu, null);
    assert.deepEqual(v.legacyVsHttpProxyCpu, { value: 120 / 90, target: '<= 105%', met: false });
    assert.equal(v.legacyVsHttpProxy.met, true, 'throughput is judged on its own');
    assert.equal(verdicts(targets, null).legacyVsHttpProxyCpu.value, null);
    const close = withCpu.map((t) =>
      t.id === 'gateway-legacy' ? { ...t, cpuUsPerRequest: 94 } : t,
    );
    assert.equal(verdicts(close, null).legacyVsHttpProxyCpu.met, true);
  });

  it("judges the gateway's added p99 against bare http-proxy's at every load, the worst one deciding", () => {
    const rate = (p99Ms: number) => ({ ...load(1000, 0.3, p99Ms), targetRps: 1000 });
    const curved = withAddedLatency([
      {
        ...row('direct', load(20000, 1, 4), load(10000, 0.2, 0.9)),
        curve: [
          { share: 0.1, run: rate(0.5) },
          { share: 0.25, run: rate(0.6) },
        ],
      },
      {
        ...row('http-proxy', load(10000, 3, 9), load(10000, 0.4, 2.0)),
        curve: [
          { share: 0.1, run: rate(1.5) },
          { share: 0.25, run: rate(1.8) },
        ],
      },
      {
        ...row('gateway-legacy', load(9800, 3, 10), load(10000, 0.5, 2.3)),
        curve: [
          { share: 0.1, run: rate(1.3) },
          { share: 0.25, run: rate(2.4) },
        ],
      },
    ]);
    const v = verdicts(curved, null).addedP99OverBareMs;
    assert.ok(Math.abs((v.value ?? 0) - 0.6) < 1e-9, `worst is 25%: ${v.value}`);
    assert.equal(v.met, false);
    assert.equal(v.note, '-0.20 ms at 10%, +0.60 ms at 25%, +0.30 ms at 50%');
    const within = curved.map((t) =>
      t.id === 'gateway-legacy'
        ? { ...t, curve: t.curve?.map((p) => (p.share === 0.25 ? { ...p, addedP99Ms: 1.5 } : p)) }
        : t,
    );
    assert.equal(verdicts(within, null).addedP99OverBareMs.met, true);
    assert.equal(verdicts(targets, null).addedP99OverBareMs.value, null, 'bare has no ½-load run');
  });

  it('does not pass the half-load p99 when the gateway could not hold the rate (queueing, not overhead)', () => {
    const slow = withAddedLatency([
      row('direct', load(20000, 1, 4), load(10000, 0.2, 0.9)),
      {
        ...row('gateway-legacy', load(4000, 9, 30)),
        halfLoad: { ...load(4000, 0.1, 0.5), targetRps: 10000 },
      },
    ]);
    assert.deepEqual(verdicts(slow, null).halfLoadAddedP99Ms.met, false);
  });

  it('reads the half-load p99 with how busy the gateway and bare http-proxy were at that rate', () => {
    const busy = targets.map((t) =>
      t.id === 'http-proxy'
        ? { ...t, halfLoadCpuBusy: 0.62 }
        : t.id === 'gateway-legacy'
          ? { ...t, halfLoadCpuBusy: 0.655 }
          : t,
    );
    assert.equal(
      verdicts(busy, null).halfLoadAddedP99Ms.note,
      'a core 66% busy at ½ load (bare http-proxy 62%)',
    );
    assert.equal(verdicts(targets, null).halfLoadAddedP99Ms.note, undefined);
  });

  it("adds the CPU steal during the gateway's half-load runs to that note", () => {
    const stolen = targets.map((t) =>
      t.id === 'gateway-legacy' ? { ...t, halfLoadCpuBusy: 0.5, halfLoadStealShare: 0.123 } : t,
    );
    assert.equal(
      verdicts(stolen, null).halfLoadAddedP99Ms.note,
      'a core 50% busy at ½ load, 12% CPU steal meanwhile',
    );
  });

  it("adds the gateway's added p99 at the latency curve's lighter loads to that note", () => {
    const curved = targets.map((t) =>
      t.id === 'gateway-legacy'
        ? {
            ...t,
            halfLoadCpuBusy: 0.8,
            curve: [
              { share: 0.1, addedP99Ms: 0.84 },
              { share: 0.25, addedP99Ms: -0.1 },
              { share: 0.4, error: 'wrk failed' },
            ],
          }
        : t,
    );
    assert.equal(
      verdicts(curved, null).halfLoadAddedP99Ms.note,
      'a core 80% busy at ½ load; +0.84 ms at 10%, -0.10 ms at 25% of max',
    );
  });

  it('says "not measured" (null) rather than pass or fail for what did not run', () => {
    const v = verdicts([row('direct', load(20000, 1, 4))], { error: 'gateway did not start' });
    for (const verdict of Object.values(v))
      assert.deepEqual([verdict.value, verdict.met], [null, null]);
  });

  /** A clean 1M-request soak with these RSS samples and start-to-end growth. */
  function soakOf(samples: SoakResult['samples'], growth: number): SoakResult {
    return {
      requests: 1_000_000,
      wsCycles: 10_000,
      errors: 0,
      non2xx: 0,
      wsFailures: 0,
      samples,
      growth,
    };
  }

  it('judges the soak by RSS growth from start to end', () => {
    const soak = soakOf([], 0.12);
    assert.deepEqual(verdicts(targets, soak).soakRssGrowth, {
      value: 0.12,
      target: '< 10%',
      met: false,
    });
  });

  it('shows the second half of the soak beside it: a plateau is not a leak', () => {
    const sample = (label: 'start' | 'middle' | 'end', mb: number) => ({
      label,
      requests: 0,
      wsCycles: 0,
      rssBytes: mb * 1024 * 1024,
    });
    const soak = soakOf(
      [sample('start', 100), sample('middle', 112), sample('end', 113.12)],
      0.1312,
    );
    const v = verdicts(targets, soak);
    assert.equal(v.soakRssGrowth.met, false);
    assert.ok(Math.abs((v.soakRssGrowthSecondHalf.value ?? 0) - 0.01) < 1e-9);
    assert.equal(v.soakRssGrowthSecondHalf.informational, true);
  });
});
