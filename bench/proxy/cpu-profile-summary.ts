/**
 * Where a gateway spends its CPU, from a V8 profile written by `npm run bench:proxy -- --profile`:
 * self time per function and per source (gateway file, or node_modules package, or Node internals).
 *
 *   node dist/bench/proxy/cpu-profile-summary.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Folds a path into what a reader acts on: a gateway file, a package, or "node:internal". */
export function sourceOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const dist = /\/dist\/(.+)$/.exec(url);
  return dist?.[1] ?? url;
}

function rank(times: Map<string, number>, total: number, top: number): SelfTime[] {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

export function summarize(profile: CpuProfile, top: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const bySource = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    total += us;
    const source = sourceOf(frame.url);
    const fn = `${frame.functionName || '(anonymous)'} ${source}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    bySource.set(source, (bySource.get(source) ?? 0) + us);
  });
  return {
    busyMs: total / 1000,
    functions: rank(byFunction, total, top),
    sources: rank(bySource, total, top),
  };
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/proxy/cpu-profile-summary.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarize(
    JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
    Number(topArg ?? 25),
  );
  const line = (t: SelfTime) =>
    `${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`;
  console.log(`busy (non-idle) CPU: ${summary.busyMs.toFixed(0)} ms\n\nby source:`);
  for (const t of summary.sources) console.log(line(t));
  console.log('\nby function (self time):');
  for (const t of summary.functions) console.log(line(t));
}

if (require.main === module) main();
