/**
 * `npm test`: one run, one set of servers. Starts MariaDB (binlog on) and Kafka once, unless
 * MYSQL_URL / KAFKA_BROKERS name existing ones, then runs every compiled test file with Node's test
 * runner. Each file makes its own databases and topics, so files run in parallel safely.
 *
 *   node dist/libs/testing/src/runner.js <unit|int|e2e|all> [name-filter ...]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createPool } from 'mysql2/promise';
import { errorMessage } from '@ficus/core';
import { FicusError } from '@ficus/core';
import {
  freePort,
  startKafka,
  startMariaDb,
  type KafkaInstance,
  type MariaDbInstance,
} from '@ficus/infra';
import { TEST_DATABASE_PREFIX } from './database';
import type { FileCounts } from './file-counts';
import { restartIfEnded } from './run-servers';

type Tier = 'unit' | 'int' | 'e2e';
const TIERS: Record<Tier, RegExp> = {
  unit: /\.spec\.js$/,
  int: /\.int-spec\.js$/,
  e2e: /\.e2e-spec\.js$/,
};
const ROOTS = ['apps', 'libs', 'legacy-adapter', 'bench', 'test'];

function findFiles(dir: string, pattern: RegExp, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) findFiles(full, pattern, out);
    else if (pattern.test(name)) out.push(full);
  }
  return out;
}

function selectFiles(tiers: Tier[], filters: string[]): string[] {
  const dist = resolve('dist');
  const files = tiers.flatMap((t) => ROOTS.flatMap((r) => findFiles(join(dist, r), TIERS[t])));
  const chosen = filters.length ? files.filter((f) => filters.some((q) => f.includes(q))) : files;
  return chosen.sort().map((f) => relative(process.cwd(), f));
}

/** A run that started its own MariaDB sweeps test databases an interrupted earlier run left behind. */
async function sweepStaleDatabases(url: string): Promise<void> {
  const pool = createPool({ uri: url, connectionLimit: 1 });
  try {
    const [rows] = await pool.query(`SHOW DATABASES LIKE '${TEST_DATABASE_PREFIX}\\_%'`);
    for (const row of rows as Array<Record<string, string>>) {
      const name = Object.values(row)[0];
      if (name) await pool.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  } finally {
    await pool.end();
  }
}

/**
 * Tests need a server, not a particular port: when the default port belongs to some other process
 * (a developer's own MariaDB, an earlier run's orphan), the run takes a free one instead of failing.
 */
async function onFreePortIfTaken<T>(start: (port: { port?: number }) => Promise<T>): Promise<T> {
  try {
    return await start({});
  } catch (err) {
    if (!(err instanceof FicusError) || err.code !== 'FICUS_PORT_IN_USE') throw err;
    const port = await freePort();
    console.log(`infra: default port taken (${err.message.split(';')[0]}); using ${port}`);
    return start({ port });
  }
}

/** Servers of the run that died under it and were started again, said again at the end. */
const restartedServers: string[] = [];

function reportRestart(name: string, ended: string): void {
  const line = `the run's ${name} died during the run and was started again (${ended})`;
  restartedServers.push(line);
  console.log(`\ninfra: ${line}`);
}

interface RunResult {
  code: number;
  files: Record<string, FileCounts>;
}

function runNodeTest(files: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const summaryDir = mkdtempSync(join(tmpdir(), 'ficus-test-'));
  const summaryFile = join(summaryDir, 'summary.json');
  const concurrency =
    process.env.FICUS_TEST_CONCURRENCY ?? String(Math.max(2, availableParallelism()));
  const args = [
    '--enable-source-maps',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-timeout=360000',
    `--test-reporter=${process.env.FICUS_TEST_REPORTER ?? 'spec'}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(__dirname, 'summary-reporter.js')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: { ...env, FICUS_SUMMARY_FILE: summaryFile },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      const counts = existsSync(summaryFile)
        ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, FileCounts>)
        : {};
      rmSync(summaryDir, { recursive: true, force: true });
      done({ code: code ?? (signal ? 1 : 0), files: counts });
    });
  });
}

/**
 * Integration files share one MariaDB and one Kafka on a small machine, so a file that fails is run
 * once more before the run fails. Every retry is named in the output (a test that needs one is a
 * defect to fix, not a pass to forget), and the closing line counts each file's final attempt.
 * `beforeRetry` starts again a server that died under the first attempt. FICUS_TEST_RETRIES=0
 * turns this off.
 */
async function runWithOneRetry(
  files: string[],
  env: NodeJS.ProcessEnv,
  beforeRetry: () => Promise<void>,
): Promise<number> {
  const first = await runNodeTest(files, env);
  // With source maps on, node:test names a file by its TypeScript source; run its compiled form.
  const compiled = (file: string): string =>
    file.endsWith('.ts')
      ? join('dist', relative(process.cwd(), file)).replace(/\.ts$/, '.js')
      : relative(process.cwd(), file);
  const failed = Object.entries(first.files)
    .filter(([, c]) => c.fail > 0)
    .map(([file]) => compiled(file));
  const retries = Number(process.env.FICUS_TEST_RETRIES ?? 1);
  if (first.code === 0 || failed.length === 0 || retries < 1) return first.code;
  await beforeRetry();
  console.log(`\nretrying ${failed.length} failed file(s) once: ${failed.join(', ')}`);
  const second = await runNodeTest(failed, env);
  // The two runs may name a file differently (its source or its compiled form): key by the latter.
  const byCompiled = (files: typeof first.files) =>
    Object.fromEntries(Object.entries(files).map(([file, c]) => [compiled(file), c]));
  const final = { ...byCompiled(first.files), ...byCompiled(second.files) };
  const pass = Object.values(final).reduce((n, c) => n + c.pass, 0);
  const fail = Object.values(final).reduce((n, c) => n + c.fail, 0);
  if (second.code === 0) console.log(`FLAKY: passed only on retry: ${failed.join(', ')}`);
  for (const line of restartedServers) console.log(`infra: ${line}`);
  console.log(`\n${pass} passed, ${fail} failed`);
  return second.code;
}

async function main(): Promise<number> {
  const [tierArg = 'all', ...filters] = process.argv.slice(2);
  const tiers: Tier[] = tierArg === 'all' ? ['unit', 'int', 'e2e'] : [tierArg as Tier];
  if (!tiers.every((t) => t in TIERS)) {
    console.error(`unknown test tier "${tierArg}": use unit, int, e2e or all`);
    return 2;
  }
  const files = selectFiles(tiers, filters);
  if (files.length === 0) {
    console.error(
      `no test files matched tier "${tierArg}"${filters.length ? ` and filters ${filters.join(', ')}` : ''}`,
    );
    return 1;
  }
  const needsInfra = files.some((f) => !TIERS.unit.test(f));
  let mysql: MariaDbInstance | undefined;
  let kafka: KafkaInstance | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  try {
    if (needsInfra) {
      const started = Date.now();
      [mysql, kafka] = await Promise.all([
        onFreePortIfTaken((port) => startMariaDb({ detached: false, ...port })),
        onFreePortIfTaken((port) => startKafka({ detached: false, ...port })),
      ]);
      if (mysql.managed) await sweepStaleDatabases(mysql.url);
      env.MYSQL_URL = mysql.url;
      env.KAFKA_BROKERS = kafka.brokers.join(',');
      console.log(
        `infra: MariaDB ${mysql.url}${mysql.managed ? '' : ' (reused)'}, Kafka ${env.KAFKA_BROKERS}` +
          `${kafka.managed ? '' : ' (reused)'} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const restartEnded = async (): Promise<void> => {
      if (mysql) {
        const port = mysql.port;
        const restarted = await restartIfEnded(mysql, () =>
          startMariaDb({ detached: false, port }),
        );
        mysql = restarted.server;
        if (restarted.ended) reportRestart('MariaDB', restarted.ended);
      }
      if (kafka) {
        const port = Number(kafka.brokers[0]?.split(':')[1]);
        const restarted = await restartIfEnded(kafka, () => startKafka({ detached: false, port }));
        kafka = restarted.server;
        if (restarted.ended) reportRestart('Kafka', restarted.ended);
      }
    };
    return await runWithOneRetry(files, env, restartEnded);
  } catch (err) {
    console.error(errorMessage(err));
    return 1;
  } finally {
    await Promise.allSettled([mysql?.stop(), kafka?.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
