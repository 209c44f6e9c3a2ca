import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@ficus/core';
import { TARGET_IDS, type TargetId } from './targets';

export interface BenchOptions {
  quick: boolean;
  connections: number;
  warmupSeconds: number;
  /** Max load runs in this many interleaved rounds, every target once per round. */
  rounds: number;
  /** Length of one target's max-load run in one round. */
  seconds: number;
  /**
   * An unmeasured run at the same load right before every measured one: a target idle while the
   * others had their turns is measured as steady traffic keeps it, not as the idle time left it
   * (V8 shrinks an idle heap, and a gateway has more code to warm again than a bare proxy).
   */
  rewarmSeconds: number;
  halfLoadWarmupSeconds: number;
  halfLoadSeconds: number;
  soakRequests: number;
  soakWsCycles: number;
  soak: boolean;
  /** Constant rate for the half-load runs; by default 50% of the gateway legacy's max. */
  halfLoadRps: number | undefined;
  /**
   * Lighter constant loads, as shares of the max the half-load rate is half of, at which the
   * latency curve measures the upstream direct and the Node proxies (empty: no curve).
   */
  curveShares: number[];
  targets: TargetId[];
  /**
   * A measured run during which the hypervisor stole more than this share of the CPU is run again,
   * `stealReruns` times at most (see bench/common/cpu-steal.ts).
   */
  maxSteal: number;
  stealReruns: number;
  /** Write V8 CPU profiles of the gateway processes here (--profile). */
  profileDir: string | undefined;
  out: string;
}

export const USAGE = `npm run bench:proxy -- [--quick] [--only id,id] [--rounds N] [--half-rate N] [--curve P,P] [--max-steal P] [--no-soak] [--profile]

  --quick      smoke run: a few seconds per target, a short soak (checks the harness, not the figures)
  --only       targets to run: ${TARGET_IDS.join(', ')}
  --rounds     max-load rounds (default 5, 2 with --quick); every target runs once per round
  --half-rate  constant rate (req/s) of the half-load runs instead of 50% of the gateway legacy max
  --curve      lighter loads for the latency curve, in % of that max (default 10,25,40; 25 with
               --quick; none: no curve)
  --max-steal  re-run a measured run (twice at most) when the hypervisor stole more than P% of the
               CPU during it (default 5; 100 never re-runs)
  --no-soak    skip the 1M-request / 10k-WebSocket memory soak
  --profile    write CPU profiles of the gateway processes to bench/results/profiles
  --out FILE   where to save the JSON report (default bench/results/proxy.json)`;

/** Full run ≈ 20–25 minutes on 2 cores with the curve, the soak and steal re-runs; quick ≈ 2. */
const FULL = {
  warmupSeconds: 3,
  rounds: 5,
  seconds: 3,
  rewarmSeconds: 1,
  halfLoadWarmupSeconds: 2,
  halfLoadSeconds: 10,
};
const QUICK = {
  warmupSeconds: 1,
  rounds: 2,
  seconds: 1.5,
  rewarmSeconds: 0.5,
  halfLoadWarmupSeconds: 1,
  halfLoadSeconds: 2,
};

function targetList(only: string | undefined): TargetId[] {
  if (only === undefined) return [...TARGET_IDS];
  const ids = only.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !(TARGET_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new ConfigError(
      'FICUS_BENCH_UNKNOWN_TARGET',
      `--only names ${unknown.join(', ')}, which is not a target; use ${TARGET_IDS.join(', ')}`,
    );
  }
  // The upstream direct is every other row's baseline: it always runs.
  return TARGET_IDS.filter((id) => id === 'direct' || ids.includes(id));
}

function rate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rps = Number(value);
  if (!Number.isInteger(rps) || rps < 1) {
    throw new ConfigError(
      'FICUS_BENCH_BAD_ARGS',
      `--half-rate ${value} is not a request rate; give whole requests per second, e.g. --half-rate 2000`,
    );
  }
  return rps;
}

function rounds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(
      'FICUS_BENCH_BAD_ARGS',
      `--rounds ${value} is not a number of rounds; give a whole number from 1, e.g. --rounds 5`,
    );
  }
  return n;
}

/** Loads below the half-load rate, in percent of the max it is half of, as ascending shares. */
function curveShares(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'none') return [];
  const shares = value.split(',').map((part) => Number(part.trim()));
  if (value.trim() === '' || shares.some((pct) => !Number.isFinite(pct) || pct <= 0 || pct >= 50)) {
    throw new ConfigError(
      'FICUS_BENCH_BAD_ARGS',
      `--curve ${value} is not a list of loads below half load; give percentages of the max above 0 and under 50, e.g. --curve 10,25, or --curve none`,
    );
  }
  return [...new Set(shares)].sort((a, b) => a - b).map((pct) => pct / 100);
}

/** Percent of CPU time, 0–100, as a share. */
function maxSteal(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pct = Number(value);
  if (value.trim() === '' || !Number.isFinite(pct) || pct < 0 || pct > 100) {
    throw new ConfigError(
      'FICUS_BENCH_BAD_ARGS',
      `--max-steal ${value} is not a percentage; give 0 to 100, e.g. --max-steal 5 (100 never re-runs)`,
    );
  }
  return pct / 100;
}

/** Steal above which a measured run is run again, and how many times at most. */
const STEAL = { maxShare: 0.05, reruns: 2 };

export function parseBenchOptions(argv: string[], cwd = process.cwd()): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        rounds: { type: 'string' },
        'half-rate': { type: 'string' },
        curve: { type: 'string' },
        'max-steal': { type: 'string' },
        'no-soak': { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        out: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new ConfigError('FICUS_BENCH_BAD_ARGS', `${(err as Error).message}\n${USAGE}`);
  }
  const quick = values.quick ?? false;
  const results = resolve(cwd, 'bench/results');
  const phases = quick ? QUICK : FULL;
  return {
    quick,
    connections: 50,
    ...phases,
    rounds: rounds(values.rounds) ?? phases.rounds,
    soakRequests: quick ? 50_000 : 1_000_000,
    soakWsCycles: quick ? 500 : 10_000,
    soak: !values['no-soak'],
    halfLoadRps: rate(values['half-rate']),
    curveShares: curveShares(values.curve) ?? (quick ? [0.25] : [0.1, 0.25, 0.4]),
    maxSteal: maxSteal(values['max-steal']) ?? STEAL.maxShare,
    stealReruns: STEAL.reruns,
    targets: targetList(values.only),
    profileDir: values.profile ? resolve(results, 'profiles') : undefined,
    out: resolve(cwd, values.out ?? 'bench/results/proxy.json'),
  };
}
