import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { processTree } from './rss';

/**
 * CPU time a server's process tree has used, read from /proc (Linux). Unlike req/s, the CPU a
 * proxy spends per request hardly depends on how the OS shares the cores with the load generator,
 * the upstream and whatever else runs: it is the noise-robust side of a throughput comparison.
 */

const DEFAULT_CLOCK_TICKS = 100;

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat, every thread of the process), in ticks. */
export function parseCpuTicks(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses; field 3 is the first after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : 0;
}

/** What `getconf CLK_TCK` printed, or Linux's usual 100 Hz when it printed nothing usable. */
export function parseClockTicks(output: string | undefined): number {
  const hz = Number(output?.trim());
  return Number.isInteger(hz) && hz > 0 ? hz : DEFAULT_CLOCK_TICKS;
}

let clockTicks: number | undefined;

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
export function clockTicksPerSecond(): number {
  clockTicks ??= parseClockTicks(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  return clockTicks;
}

function processTicks(pid: number): number {
  try {
    return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/** CPU seconds the tree (nginx's master and workers, a Node proxy) has used so far. */
export function cpuSeconds(root: number): number {
  const ticks = processTree(root).reduce((sum, pid) => sum + processTicks(pid), 0);
  return ticks / clockTicksPerSecond();
}

/** CPU microseconds per request; undefined without requests to divide by. */
export function cpuUsPerRequest(cpuSecondsUsed: number, requests: number): number | undefined {
  return requests > 0 ? (cpuSecondsUsed * 1e6) / requests : undefined;
}
