/**
 * `npm run bench:proxy`: the gateway beside the upstream direct, nginx, bare http-proxy and
 * @fastify/http-proxy, in one run on one machine. Prints a table, saves bench/results/proxy.json.
 * See bench/README.md for what each figure means.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { errorMessage } from '@ficus/core';
import { parseBenchOptions } from './bench-options';
import { formatReport } from './report-table';
import { runProxyBench } from './run-bench';
import { requireWrk } from './wrk';

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  requireWrk();
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'ficus-bench-proxy-'));
  const progress = (line: string) => console.error(`[bench] ${line}`);
  let keepWorkDir = true;
  try {
    const report = await runProxyBench(options, workDir, progress);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(formatReport(report));
    console.log(`\nsaved ${options.out}`);
    keepWorkDir = report.targets.some((t) => t.error !== undefined);
  } finally {
    if (keepWorkDir) progress(`logs and generated configs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

process.once('SIGINT', () => process.exit(130));
main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
