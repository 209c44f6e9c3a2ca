import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, isAlive, waitFor } from '@ficus/infra';
import { startSample, type RunningSample } from './sample-process';

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

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

interface RouteStatus {
  mode: string;
  weight: number;
  gatesHold: boolean;
  gates: Array<{ gate: string; state: string; figure: number | null; threshold: number }>;
  figures: { comparisons: number; parityRate: number | null };
}

describe('the README quick start, run as written', () => {
  let sample: RunningSample;
  let gatewayPort: number;
  let adminPort: number;
  // The sample's token file goes there, not into the developer's .ficus/.
  let home: string;

  /** The ficus command, as a user runs it in another terminal: admin URL given, token from the sample's file. */
  const ficus = (...args: string[]): Promise<Cli> =>
    new Promise((done) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        FICUS_HOME: home,
        FICUS_ADMIN_URL: `http://127.0.0.1:${adminPort}`,
      };
      delete env.FICUS_ADMIN_TOKEN;
      execFile(
        process.execPath,
        ['dist/apps/cli/src/main.js', ...args],
        { env, encoding: 'utf8' },
        (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });

  const routeStatus = async (route: string): Promise<RouteStatus> => {
    const res = await ficus('status', route, '--json');
    assert.equal(res.code, 0, res.stderr);
    return JSON.parse(res.stdout) as RouteStatus;
  };

  /** Real reads through the gateway; `client` puts them in a canary cohort by x-client-id. */
  const read = async (from: number, count: number, client?: string) => {
    for (let id = from; id < from + count; id++) {
      const res = await fetch(`http://127.0.0.1:${gatewayPort}/api/patients/${id}`, {
        headers: client ? { 'x-client-id': `${client}-${id}` } : {},
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
  };

  /**
   * Sends reads until the route's gates hold, as an operator would: the gates ask for comparisons,
   * requests and time in the step. The deadline only bounds a hung test.
   */
  const untilGatesHold = async (route: string, client?: string): Promise<RouteStatus> => {
    let status: RouteStatus | undefined;
    let next = 1;
    await waitFor(
      `the gates of ${route} to hold`,
      async () => {
        await read(next, 20, client);
        next += 20;
        status = await routeStatus(route);
        return status.gatesHold;
      },
      {
        timeoutMs: 120_000,
        abortIf: () =>
          status?.gates.some((g) => g.gate === 'minParity' && g.state === 'fail' && next > 200)
            ? `parity does not hold: ${JSON.stringify(status)}`
            : undefined,
      },
    );
    return status!;
  };

  before(async () => {
    sample = await startSample('quickstart');
    ({ gatewayPort, adminPort, home } = sample);
  });

  after(() => sample?.remove());

  it('generates an admin token, stores it for the owner only and prints it', () => {
    const file = join(home, 'admin-token');
    const token = readFileSync(file, 'utf8').trim();
    assert.match(token, /^[0-9a-f]{48}$/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(sample.output().includes(`admin token         ${token}`), sample.output());
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
        const res = await fetch(`http://127.0.0.1:${adminPort}/admin/routes/patients-read/parity`, {
          headers: { authorization: `Bearer ${sample.token()}` },
        });
        report = (await res.json()) as typeof report;
        return (report?.totalComparisons ?? 0) >= 5;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(report?.totalMatches, report?.totalComparisons, JSON.stringify(report));
    assert.deepEqual(report?.mismatches, []);
  });

  it('shows the live route modes in the status table of the migration plan', async () => {
    const res = await ficus('plan');
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      /\| patients-read \| GET \| \/api\/patients\/:id \| shadow \| 0 \| patients \|/,
    );
  });

  it('walks patients-read legacy → shadow → canary → new with the ficus command, gates refusing then allowing', async () => {
    const abort = await ficus('abort', 'patients-read', '--reason', 'start the walk from legacy');
    assert.equal(abort.code, 0, abort.stderr);
    assert.match(abort.stdout, /patients-read: shadow → legacy {2}\(abort, audit #\d+\)/);

    assert.equal((await ficus('shadow', 'patients-read')).code, 0);
    const early = await ficus('promote', 'patients-read');
    assert.equal(early.code, 3, 'refused: exit code 3');
    assert.match(
      early.stderr,
      /refused \(FICUS_GATE_FAILED\): route "patients-read" may not move from shadow to canary 10%/,
    );
    assert.match(early.stderr, /fail +minComparisons +0 +50 /);

    const shadowed = await untilGatesHold('patients-read');
    assert.equal(shadowed.figures.parityRate, 1);
    const canary = await ficus('canary', 'patients-read', '50', '--reason', 'parity held');
    assert.equal(canary.code, 0, canary.stderr);
    assert.match(canary.stdout, /shadow → canary 50%/);

    const tooSoon = await ficus('promote', 'patients-read');
    assert.equal(tooSoon.code, 3);
    assert.match(tooSoon.stderr, /may not move from canary 50% to new/);
    assert.match(tooSoon.stderr, /fail +minRequests +0 +20 /);

    const held = await untilGatesHold('patients-read', 'client');
    assert.ok(held.figures.comparisons >= 20, 'the legacy half is still compared in canary');
    const promoted = await ficus('promote', 'patients-read', '--reason', 'canary held');
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.match(promoted.stdout, /canary 50% → new/);

    const status = await ficus('status');
    assert.equal(status.code, 0);
    assert.match(status.stdout, /^patients-read +new /m);
    assert.match(
      status.stdout,
      /^traffic on new code: \d+\.\d% of \d+ requests since the gateway started/m,
    );
    assert.match(status.stdout, /patients-read: gates to leave new\n.*\n +fail +minTimeInStep /);
  });

  it('shows each move in the audit log', async () => {
    const res = await ficus('audit', 'patients-read', '--json');
    assert.equal(res.code, 0, res.stderr);
    const entries = (
      JSON.parse(res.stdout) as {
        entries: Array<{ action: string; after: { mode: string; weight: number } }>;
      }
    ).entries.reverse();
    assert.deepEqual(
      entries.filter((e) => !e.action.startsWith('seed')).map((e) => [e.action, e.after.mode]),
      [
        ['abort', 'legacy'],
        ['set-mode', 'shadow'],
        ['set-mode', 'canary'],
        ['set-mode', 'new'],
      ],
    );
    const text = await ficus('audit', 'patients-read');
    assert.match(
      text.stdout,
      /patients-read +set-mode +canary 50% → new +admin-token +canary held/,
    );
  });

  it('says why it is refused, and never falls back to the config file unasked', async () => {
    const noToken = await ficus('--token-file', '/dev/null', 'rollback', 'patients-read');
    assert.equal(noToken.code, 2, 'an empty token file is a usage error');
    const wrong = spawnSync(
      process.execPath,
      ['dist/apps/cli/src/main.js', 'rollback', 'patients-read'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          FICUS_ADMIN_TOKEN: 'not-the-token-0123456789',
          FICUS_ADMIN_URL: `http://127.0.0.1:${adminPort}`,
        },
      },
    );
    assert.equal(wrong.status, 4, wrong.stderr);
    assert.match(wrong.stderr, /FICUS_ADMIN_UNAUTHORIZED|401|token/);
    const closed = await freePort();
    const down = await ficus('plan', '--admin-url', `http://127.0.0.1:${closed}`);
    assert.equal(down.code, 5);
    assert.match(down.stderr, /no admin API answers at/);
    assert.equal(down.stdout, '');
    const declared = await ficus(
      'plan',
      '--from-config',
      '--admin-url',
      `http://127.0.0.1:${closed}`,
    );
    assert.equal(declared.code, 0, declared.stderr);
    assert.match(
      declared.stderr,
      /from the modes declared in ficus.config.yaml \(not the live gateway\)/,
    );
  });

  it('stops everything it started on Ctrl-C', async () => {
    const children = spawnSync('pgrep', ['-P', String(sample.process.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    assert.equal(
      children.length,
      4,
      'the sample runs the clinic, the patients and scheduling services and the gateway',
    );
    assert.equal(await sample.stop(), 0);
    const alive = children.filter((pid) => isAlive(pid));
    assert.deepEqual(alive, [], 'no process the sample started is left running');
  });
});
