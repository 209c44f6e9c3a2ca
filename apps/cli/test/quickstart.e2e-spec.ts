import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createPool } from 'mysql2/promise';
import { freePort, isAlive, waitFor } from '@ficus/infra';
import { testMysqlUrl, uniqueName } from '@ficus/testing';

interface Example {
  command: string;
  expected: string;
}

/** The `$ curl …` lines of the README's quick start and the output documented under each. */
function readmeExamples(): Example[] {
  const readme = readFileSync('README.md', 'utf8');
  const quickStart = readme.slice(
    readme.indexOf('## Quick start'),
    readme.indexOf('## What is where'),
  );
  const examples: Example[] = [];
  const lines = quickStart.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('$ curl')) continue;
    const expected: string[] = [];
    while (i + 1 < lines.length && lines[i + 1] !== '' && !lines[i + 1]!.startsWith('```'))
      expected.push(lines[++i]!);
    examples.push({ command: line.slice(2), expected: expected.join('\n') });
  }
  return examples;
}

/** Documented output matches when equal, where `...` in the documentation stands for any text. */
function matchesDocumented(actual: string, documented: string): boolean {
  const pattern = documented
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 's').test(actual.replace(/\r/g, '').trim());
}

describe('the README quick start, run as written', () => {
  let sample: ChildProcess;
  let gatewayPort: number;
  let adminPort: number;
  const database = uniqueName('ft', 'quickstart');
  let output = '';

  before(async () => {
    gatewayPort = await freePort();
    sample = spawn(
      process.execPath,
      ['dist/apps/cli/src/main.js', 'sample', '--port', String(gatewayPort)],
      {
        env: {
          ...process.env,
          FICUS_SAMPLE_DATABASE: database,
          FICUS_ADMIN_PORT: String((adminPort = await freePort())),
          // Replica ids of the sample's sync connectors: unique, so a developer's own sample keeps its binlog streams.
          PATIENTS_SYNC_SERVER_ID: String(20_000 + Math.floor(Math.random() * 10_000) * 2),
          FICUS_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    sample.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    sample.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor('the sample', () => Promise.resolve(output.includes('Ctrl-C stops everything')), {
      timeoutMs: 120_000,
      abortIf: () =>
        sample.exitCode !== null ? `it exited with ${sample.exitCode}:\n${output}` : undefined,
    });
  });

  after(async () => {
    if (sample.exitCode === null) {
      const exited = new Promise((done) => sample.once('exit', done));
      sample.kill('SIGINT');
      await exited;
    }
    const pool = createPool({ uri: testMysqlUrl(), connectionLimit: 1 });
    await pool.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await pool.query(`DROP DATABASE IF EXISTS \`${database}_patients\``);
    await pool.end();
  });

  it('documents at least the five examples it promises', () => {
    assert.ok(readmeExamples().length >= 5);
  });

  it('returns the documented response for every curl example, through the gateway', () => {
    for (const example of readmeExamples()) {
      const command = example.command.replaceAll('127.0.0.1:8080', `127.0.0.1:${gatewayPort}`);
      const res = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
      assert.equal(res.status, 0, `${command} failed: ${res.stderr}`);
      assert.ok(
        matchesDocumented(res.stdout, example.expected),
        `${example.command}\n  documented: ${example.expected}\n  got:        ${res.stdout}`,
      );
    }
  });

  it('shadows patient reads to the patients service, which CDC filled, and finds them identical', async () => {
    for (const id of [1, 2, 3, 6, 42])
      await fetch(`http://127.0.0.1:${gatewayPort}/api/patients/${id}`);
    let report:
      { totalComparisons: number; totalMatches: number; mismatches: unknown[] } | undefined;
    await waitFor(
      'five shadow comparisons',
      async () => {
        const res = await fetch(`http://127.0.0.1:${adminPort}/admin/routes/patients-read/parity`);
        report = (await res.json()) as typeof report;
        return (report?.totalComparisons ?? 0) >= 5;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(report?.totalMatches, report?.totalComparisons, JSON.stringify(report));
    assert.deepEqual(report?.mismatches, []);
  });

  it('shows the live route modes in the status table of the migration plan', () => {
    const res = spawnSync(
      process.execPath,
      ['dist/apps/cli/src/main.js', 'plan', 'status', '--admin', `http://127.0.0.1:${adminPort}`],
      { encoding: 'utf8' },
    );
    assert.equal(res.status, 0, res.stderr);
    assert.match(
      res.stdout,
      /\| patients-read \| GET \| \/api\/patients\/:id \| shadow \| 0 \| patients \|/,
    );
  });

  it('stops everything it started on Ctrl-C', async () => {
    const children = spawnSync('pgrep', ['-P', String(sample.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    assert.equal(
      children.length,
      3,
      'the sample runs the clinic, the patients service and the gateway',
    );
    const exited = new Promise<number | null>((done) => sample.once('exit', (code) => done(code)));
    sample.kill('SIGINT');
    assert.equal(await exited, 0);
    const alive = children.filter((pid) => isAlive(pid));
    assert.deepEqual(alive, [], 'no process the sample started is left running');
  });
});
