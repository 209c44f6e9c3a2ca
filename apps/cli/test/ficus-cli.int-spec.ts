import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';

const TOKEN = 'cli-test-admin-token-0123456789';

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** The ficus command against a real gateway process, started from a config file of its own. */
describe('the ficus command against a running gateway', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: ChildProcess;
  let adminUrl: string;
  let dataUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'ficus-cli-'));

  const ficus = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Cli> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        ['dist/apps/cli/src/main.js', ...args],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            FICUS_HOME: dir,
            FICUS_ADMIN_URL: adminUrl,
            FICUS_ADMIN_TOKEN: TOKEN,
            ...env,
          },
        },
        (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    const adminPort = await freePort();
    const dataPort = await freePort();
    dataUrl = `http://127.0.0.1:${dataPort}`;
    adminUrl = `http://127.0.0.1:${adminPort}`;
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      `version: 1
upstreams:
  legacy: { url: "${legacy.url}" }
  patients: { url: "${service.url}" }
routes:
  - name: reads
    methods: [GET]
    path: /api/patients/:id
    target: patients
    cohort: { header: x-client-id }
  - { name: keyless, path: /api/other/*, target: patients }
gates:
  reads:
    shadow: { minComparisons: 1000, minParity: 0.99 }
`,
    );
    gateway = spawn(process.execPath, ['dist/apps/gateway/src/main.js'], {
      env: {
        ...process.env,
        FICUS_CONFIG: config,
        FICUS_GATEWAY_PORT: String(dataPort),
        FICUS_ADMIN_PORT: String(adminPort),
        FICUS_ADMIN_TOKEN: TOKEN,
        FICUS_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await waitFor(
      'the gateway',
      async () => (await fetch(`${adminUrl}/ready`).catch(() => undefined))?.ok === true,
      { timeoutMs: 30_000, abortIf: () => (gateway.exitCode !== null ? 'it exited' : undefined) },
    );
  });

  after(async () => {
    const exited = new Promise((done) => gateway.once('exit', done));
    gateway.kill('SIGTERM');
    await exited;
    await Promise.all([legacy.close(), service.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers --help for every command, and 2 for a command line it does not understand', async () => {
    for (const command of [
      'status',
      'progress',
      'routes',
      'shadow',
      'canary',
      'promote',
      'rollback',
      'abort',
      'audit',
      'plan',
      'sample',
      'seed',
      'infra',
    ]) {
      const help = await ficus([command, '--help']);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^usage: ficus ${command}`), command);
      assert.match(help.stdout, /Exit codes:/);
    }
    const unknown = await ficus(['promot', 'reads']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "promot"/);
    const option = await ficus(['status', '--reason', 'x']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^ficus status: unknown option --reason/);
    const bare = await ficus(['promote', 'reads', '--force']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /--force needs --reason/);
  });

  it('refuses a move whose gates do not hold with exit code 3 and each gate, then takes it forced', async () => {
    assert.equal((await ficus(['shadow', 'reads'])).code, 0);
    const refused = await ficus(['promote', 'reads']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /may not move from shadow to canary 10%/);
    assert.match(refused.stderr, /fail +minComparisons +0 +1000 /);
    assert.match(refused.stderr, /fail +minParity +— +0\.99 /);
    const json = await ficus(['promote', 'reads', '--json']);
    assert.equal(json.code, 3);
    const problem = JSON.parse(json.stdout) as { status: number; code: string; errors: unknown[] };
    assert.deepEqual(
      [problem.status, problem.code, problem.errors.length],
      [409, 'FICUS_GATE_FAILED', 2],
    );
  });

  it('says 4 for a token the admin API refuses, 6 for an unknown route, 7 for a mode the route cannot take', async () => {
    const wrong = await ficus(['routes'], { FICUS_ADMIN_TOKEN: 'not-the-admin-token-000' });
    assert.equal(wrong.code, 4);
    assert.match(wrong.stderr, /the token came from FICUS_ADMIN_TOKEN/);
    const missing = await ficus(['status', 'nope']);
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /FICUS_ROUTE_UNKNOWN/);
    const keyless = await ficus(['canary', 'keyless', '10']);
    assert.equal(keyless.code, 7, keyless.stderr);
    assert.match(keyless.stderr, /FICUS_ROUTE_INVALID/);
  });

  it('says 5 when no admin API answers, for reads and moves alike', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    for (const args of [['status'], ['abort', 'reads'], ['plan']]) {
      const res = await ficus([...args, '--admin-url', closed]);
      assert.equal(res.code, 5, args.join(' '));
      assert.match(res.stderr, /no admin API answers at/);
    }
  });

  it('steps back and aborts without gates, and shows each move in the audit', async () => {
    const forced = await ficus(['canary', 'reads', '10', '--force', '--reason', 'checked by hand']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /reads: shadow → canary 10% {2}\(forced, audit #\d+\)/);
    assert.equal((await ficus(['canary', '5', 'reads'])).code, 0, 'a lower weight is a step back');
    const abort = await ficus(['abort', 'reads', '--reason', 'drill']);
    assert.match(abort.stdout, /reads: canary 5% → legacy {2}\(abort/);
    const again = await ficus(['abort', 'reads']);
    assert.match(again.stdout, /reads: already legacy; nothing changed/);
    const audit = await ficus(['audit', '--route', 'reads']);
    const moves = audit.stdout
      .split('\n')
      .slice(1)
      .filter((line) => line && !/seed-insert/.test(line))
      .map((line) => line.split(/ {2,}/).slice(3, 5).join(' '));
    assert.deepEqual(moves, [
      'set-mode legacy → shadow',
      'forced shadow → canary 10%',
      'set-mode canary 10% → canary 5%',
      'abort canary 5% → legacy',
    ]);
  });

  it('shows the strangling progress per endpoint, a summary in status, and 6 for an unknown route', async () => {
    for (const path of ['/api/patients/12?name=Zelda', '/api/patients/13', '/api/billing/7']) {
      const res = await fetch(`${dataUrl}${path}`);
      assert.equal(res.status, 200);
      await res.text();
    }
    const shown = await ficus(['progress']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^ROUTE\s+MODE\s+LEGACY\s+NEW/);
    assert.match(shown.stdout, /reads\s+GET \/api\/patients\/:id\s+2\s+0\s+0\s+0\.0%/);
    assert.match(shown.stdout, /\(unmatched\)\s+GET \/api\/billing\/:id\s+1\s+0/);
    assert.doesNotMatch(shown.stdout, /Zelda|\/12|\/13/);
    const json = await ficus(['progress', 'reads', '--json']);
    assert.equal(json.code, 0);
    const body = JSON.parse(json.stdout) as {
      routes: Array<{ route: string; legacy: number; endpoints: Array<{ template: string }> }>;
    };
    assert.deepEqual(
      body.routes.map((r) => [r.route, r.legacy, r.endpoints.map((e) => e.template)]),
      [['reads', 2, ['/api/patients/:id']]],
    );
    const status = await ficus(['status']);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /strangling progress: new code serves 0\.0% of 3 requests/);
    assert.match(status.stdout, /1 endpoints no route covers, 1 requests/);
    const missing = await ficus(['progress', 'nope']);
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /route "nope" has no progress/);
  });
});
