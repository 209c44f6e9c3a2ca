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

export const USAGE = `npm run bench:proxy -- [--quick] [--only id,id] [--rounds N] [--half-rate N] [--max-steal P] [--no-soak] [--profile]

  --quick      smoke run: a few seconds per target, a short soak (checks the harness, not the figures)
  --only       targets to run: ${TARGET_IDS.join(', ')}
  --rounds     max-load rounds (default 5, 2 with --quick); every target runs once per round
  --half-rate  constant rate (req/s) of the half-load runs instead of 50% of the gateway legacy max
  --max-steal  re-run a measured run (twice at most) when the hypervisor stole more than P% of the
               CPU during it (default 5; 100 never re-runs)
  --no-soak    skip the 1M-request / 10k-WebSocket memory soak
  --profile    write CPU profiles of the gateway processes to bench/results/profiles
  --out FILE   where to save the JSON report (default bench/results/proxy.json)`;

/** Full run ≈ 15–20 minutes on 2 cores with the soak and steal re-runs; quick ≈ 2 minutes. */
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
    maxSteal: maxSteal(values['max-steal']) ?? STEAL.maxShare,
    stealReruns: STEAL.reruns,
    targets: targetList(values.only),
    profileDir: values.profile ? resolve(results, 'profiles') : undefined,
    out: resolve(cwd, values.out ?? 'bench/results/proxy.json'),
  };
}
