import { spawnSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryBytes: number;
  os: string;
  node: string;
  wrk: string | null;
  nginx: string | null;
  /** 1-minute load average before and after the run: other work on the machine skews the figures. */
  loadBefore: number;
  loadAfter?: number;
  /** Share of the machine's CPU time the hypervisor stole over the whole run. */
  stealShare?: number;
}

/** First line a tool prints about its version (wrk and nginx print to stderr and may exit non-zero). */
function toolVersion(command: string, flag: string): string | null {
  const res = spawnSync(command, [flag], { encoding: 'utf8' });
  if (res.error) return null;
  return `${res.stdout}${res.stderr}`.trim().split('\n')[0] ?? null;
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
    node: process.version,
    wrk: toolVersion('wrk', '-v'),
    nginx: toolVersion('nginx', '-v') ?? toolVersion('/usr/sbin/nginx', '-v'),
    loadBefore: loadavg()[0] ?? 0,
  };
}

export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}
