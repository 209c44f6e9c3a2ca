import { readFileSync } from 'node:fs';

/**
 * CPU steal: time the hypervisor ran something else while this virtual machine had work for its
 * virtual CPUs. A process's own CPU time does not count it, but every latency and every req/s
 * measured across it does: on a shared cloud machine a burst of steal (half the CPU for a few
 * seconds is common) decides a short run's figures more than the code under test does.
 */

/** The machine's CPU time counters, summed over its CPUs, in clock ticks. */
export interface CpuCounters {
  /** user + nice + system + idle + iowait + irq + softirq + steal (guest time is inside user). */
  total: number;
  steal: number;
}

/** The aggregate `cpu` line of /proc/stat; undefined when the text has none (not Linux). */
export function parseCpuCounters(stat: string): CpuCounters | undefined {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((v) => !Number.isFinite(v))) return undefined;
  return { total: fields.reduce((sum, v) => sum + v, 0), steal: fields[7] ?? 0 };
}

export function readCpuCounters(): CpuCounters | undefined {
  try {
    return parseCpuCounters(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU time between two readings, as the steal ticks and all ticks the machine counted. */
export interface StealSample {
  steal: number;
  total: number;
}

export function stealBetween(
  before: CpuCounters | undefined,
  after: CpuCounters | undefined,
): StealSample | undefined {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  return total > 0 ? { steal: after.steal - before.steal, total } : undefined;
}

/** Steal as a share of all CPU time; undefined when nothing was counted. */
export function stealShare(sample: StealSample | undefined): number | undefined {
  return sample && sample.total > 0 ? sample.steal / sample.total : undefined;
}

/** Several samples as one (ticks add up, so a long run weighs more than a short one). */
export function addSteal(a: StealSample | undefined, b: StealSample | undefined) {
  if (!a) return b;
  if (!b) return a;
  return { steal: a.steal + b.steal, total: a.total + b.total };
}

/** Measures the steal while `work` runs. */
export async function withSteal<T>(
  work: () => Promise<T>,
): Promise<{ result: T; steal: StealSample | undefined }> {
  const before = readCpuCounters();
  const result = await work();
  return { result, steal: stealBetween(before, readCpuCounters()) };
}

/** When a measured run counts: re-run while steal over it was above `maxShare`, `reruns` times at most. */
export interface StealPolicy {
  maxShare: number;
  reruns: number;
}

export interface StealGuarded<T> {
  result: T;
  steal: StealSample | undefined;
  /** Attempts thrown away before the kept one. */
  reruns: number;
}

/**
 * Runs one measurement, and again while the hypervisor stole more than the policy allows during
 * it. The kept attempt is the first within the limit, or, when none was, the one with the least
 * steal: the choice never looks at the figures being measured, so it cannot favour a target. An
 * unknown steal (no /proc/stat) counts as within the limit.
 */
export async function rerunOnSteal<T>(
  policy: StealPolicy,
  attempt: () => Promise<{ result: T; steal: StealSample | undefined }>,
  onRerun: (share: number, rerun: number) => void = () => undefined,
): Promise<StealGuarded<T>> {
  let best: { result: T; steal: StealSample | undefined } | undefined;
  for (let n = 0; ; n++) {
    const got = await attempt();
    const share = stealShare(got.steal) ?? 0;
    if (!best || share < (stealShare(best.steal) ?? 0)) best = got;
    if (share <= policy.maxShare || n >= policy.reruns) return { ...best, reruns: n };
    onRerun(share, n + 1);
  }
}
