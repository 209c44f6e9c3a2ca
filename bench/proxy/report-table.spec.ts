import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MachineInfo } from './machine';
import { verdicts, withAddedLatency, type ProxyBenchReport, type TargetReport } from './report';
import { curveTable, formatReport } from './report-table';

const machine: MachineInfo = {
  cpuModel: 'test CPU',
  cpus: 2,
  memoryBytes: 1,
  os: 'linux',
  node: 'v20',
  wrk: 'wrk 4',
  nginx: null,
  loadBefore: 0.5,
  loadAfter: 0.7,
  stealShare: 0.031,
};

function max(rounds: number[], p50Ms: number, p99Ms: number) {
  const requests = rounds.reduce((sum, r) => sum + r * 3, 0);
  const seconds = rounds.length * 3;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms,
    p99Ms,
    maxMs: p99Ms,
    errors: 0,
    non2xx: 0,
    rounds,
  };
}

function report(targets: TargetReport[]): ProxyBenchReport {
  const rows = withAddedLatency(targets);
  return {
    date: '2026-01-01T00:00:00.000Z',
    machine,
    settings: {
      quick: false,
      connections: 50,
      warmupSeconds: 3,
      rounds: 2,
      seconds: 3,
      rewarmSeconds: 1,
      halfLoadWarmupSeconds: 2,
      halfLoadSeconds: 10,
      halfLoadRps: 4000,
      halfLoadSource: '50% of ficus legacy max',
      clockTicksPerSecond: 100,
      maxSteal: 0.05,
      stealReruns: 2,
      soakRequests: 0,
      soakWsCycles: 0,
      curveShares: [0.1, 0.25],
    },
    targets: rows,
    soak: null,
    verdicts: verdicts(rows, null),
  };
}

describe('formatReport', () => {
  const text = formatReport(
    report([
      { id: 'direct', label: 'upstream direct', max: max([19000, 21000], 1, 4) },
      {
        id: 'http-proxy',
        label: 'bare http-proxy',
        max: max([9000, 9000], 3, 9),
        cpuUsPerRequest: 90,
      },
      {
        id: 'gateway-legacy',
        label: 'ficus legacy',
        max: max([8000, 8400], 3, 10),
        cpuUsPerRequest: 100,
        halfLoad: { ...max([4000], 0.5, 1.5), targetRps: 4000 },
        halfLoadCpuBusy: 0.412,
        stealShare: 0.02,
        halfLoadStealShare: 0.041,
        stealReruns: 3,
      },
    ]),
  );
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('target')) ?? '';

  it('shows the rounds, their spread and the CPU per request of each proxy', () => {
    assert.match(text, /max load in 2 interleaved rounds × 3s, each after 1s unmeasured/);
    assert.match(text, /at a constant 4000 req\/s \(50% of ficus legacy max\)/);
    assert.ok(header.includes('spread') && header.includes('CPU µs/req'));
    assert.match(lines.find((l) => l.startsWith('upstream direct')) ?? '', /20000\s+10\.0%\s+—/);
    assert.match(lines.find((l) => l.startsWith('ficus legacy')) ?? '', /8200\s+4\.9%\s+100\.0/);
  });

  it('puts the CPU comparison beside the throughput verdict, each against its target', () => {
    const at = lines.findIndex((l) => l.includes('throughput vs bare http-proxy'));
    assert.match(lines[at] ?? '', /91\.1%\s+target >= 95%\s+\(MISSES target\)/);
    assert.match(
      lines[at + 1] ?? '',
      /CPU per request vs bare http-proxy\s+111\.1%\s+target <= 105%\s+\(MISSES target\)/,
    );
  });

  it("says the added p99 over bare http-proxy's is not measured when bare had no ½-load run", () => {
    assert.match(
      text,
      /gateway legacy added p99 over bare http-proxy\s+not measured\s+target <= \+0\.5 ms at every load/,
    );
  });

  it("shows each proxy's CPU share at half load, which decides how long requests queue", () => {
    assert.ok(header.includes('½ CPU %'));
    assert.match(lines.find((l) => l.startsWith('ficus legacy')) ?? '', /4000\s+1\.50\s+—\s+41\s/);
  });

  it('shows the CPU steal of the run and of each target, and the runs steal made repeat', () => {
    assert.match(
      text,
      /CPU steal \(time the hypervisor gave to others\) over the run: 3\.1%; a measured run with over 5\.0% is run again, 2 times at most \(3 re-runs\)/,
    );
    assert.ok(header.includes('steal %'));
    assert.match(
      lines.find((l) => l.startsWith('ficus legacy')) ?? '',
      /41\s+2\/4\s+3 runs re-run for steal$/,
    );
    // A row measured where steal could not be read says so instead of a zero.
    assert.match(lines.find((l) => l.startsWith('bare http-proxy')) ?? '', /—\s+—$/);
  });
});

describe('curveTable', () => {
  const rate = (rps: number, p99Ms: number) => ({ ...max([rps], 0.3, p99Ms), targetRps: rps });
  const lines = curveTable(
    report([
      {
        id: 'direct',
        label: 'upstream direct',
        max: max([20000], 1, 4),
        halfLoad: rate(4000, 0.7),
        curve: [
          { share: 0.1, run: rate(800, 0.6) },
          { share: 0.25, run: rate(2000, 0.65) },
        ],
      },
      { id: 'nginx', label: 'nginx', max: max([15000], 1, 3), halfLoad: rate(4000, 0.9) },
      {
        id: 'gateway-legacy',
        label: 'ficus legacy',
        max: max([8000], 3, 10),
        halfLoad: rate(4000, 12.7),
        halfLoadCpuBusy: 0.81,
        curve: [
          { share: 0.1, run: rate(800, 1.4), cpuBusy: 0.22 },
          { share: 0.25, run: { ...rate(1800, 2.9), targetRps: 2000 }, cpuBusy: 0.45 },
        ],
      },
    ]),
  );

  it('gives each curve row its added p99 and CPU share per load, lightest first, ½ load last', () => {
    assert.match(
      lines[1] ?? '',
      /^target\s+10%: 800 req\/s\s+25%: 2000 req\/s\s+50%: 4000 req\/s$/,
    );
    assert.match(
      lines.find((l) => l.startsWith('ficus legacy')) ?? '',
      /\+0\.80 \(22%\)\s+\+2\.25 \(45%\) \(rate not held\)\s+\+12\.00 \(81%\)$/,
    );
  });

  it('gives the upstream direct its own p99, the baseline, and leaves rows without a curve out', () => {
    assert.match(
      lines.find((l) => l.startsWith('upstream direct')) ?? '',
      /p99 0\.60\s+p99 0\.65\s+p99 0\.70$/,
    );
    assert.equal(
      lines.find((l) => l.startsWith('nginx')),
      undefined,
    );
  });

  it('is left out of a report without a curve', () => {
    assert.deepEqual(
      curveTable(report([{ id: 'direct', label: 'upstream direct', max: max([20000], 1, 4) }])),
      [],
    );
  });
});
