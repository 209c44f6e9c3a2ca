/**
 * `npm run bench:proxy`: the gateway beside the upstream direct, nginx, bare http-proxy and
 * @fastify/http-proxy, in one run on one machine. Prints a table, saves bench/results/proxy.json.
 * See bench/README.md for what each figure means.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { errorMessage, InfraError } from '@ficus/core';
import { parseBenchOptions, type BenchOptions } from './bench-options';
import { NGINX_TOOL } from './nginx-target';
import { formatReport } from './report-table';
import { runProxyBench } from './run-bench';
import { ensureTool } from './tool-install';
import { WRK_TOOL } from './wrk';

/**
 * wrk is required; nginx only for its row, which says "NOT MEASURED" with the install hint when
 * nginx could not be had. Both are installed from Debian when missing, if the bench may.
 */
function provideTools(options: BenchOptions, workDir: string, progress: (line: string) => void) {
  const log = join(workDir, 'apt-get.log');
  const wrk = ensureTool(WRK_TOOL, log, progress);
  if ('problem' in wrk) throw new InfraError('FICUS_BENCH_WRK_MISSING', wrk.problem);
  if (options.targets.includes('nginx')) {
    const nginx = ensureTool(NGINX_TOOL, log, progress);
    if ('problem' in nginx) progress(nginx.problem);
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'ficus-bench-proxy-'));
  const progress = (line: string) => console.error(`[bench] ${line}`);
  let keepWorkDir = true;
  try {
    provideTools(options, workDir, progress);
    const report = await runProxyBench(options, workDir, progress);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(formatReport(report));
    console.log(`\nsaved ${options.out}`);
    keepWorkDir = report.targets.some((t) => t.error ?? t.halfLoadError);
  } finally {
    if (keepWorkDir) progress(`logs and generated configs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

// Exiting runs the 'exit' hook that kills every server the bench started (bench-process.ts); a
// signal's default action would skip it and leave them running.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
