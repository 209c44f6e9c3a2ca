import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';

const TOKEN = 'cli-test-admin-token-0123456789';

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ficus canary --auto` / `--stop` and the schedule in `ficus status`, against a gateway process. */
describe('the ficus command and a step schedule', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: ChildProcess;
  let adminUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'ficus-schedule-'));

  const ficus = (...args: string[]): Promise<Cli> =>
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
          },
        },
        (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    const adminPort = await freePort();
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
  - { name: other, path: /api/other/*, target: patients }
schedules:
  reads: { steps: [50, 100], every: 1h }
`,
    );
    gateway = spawn(process.execPath, ['dist/apps/gateway/src/main.js'], {
      env: {
        ...process.env,
        FICUS_CONFIG: config,
        FICUS_GATEWAY_PORT: String(await freePort()),
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

  it('starts the schedule with --auto, shows its next step in ficus status, and stops it with --stop', async () => {
    const started = await ficus('canary', 'reads', '--auto', '--reason', 'reads ready');
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /reads: step schedule running \(steps 50, 100 every 1h 0m\)/);
    assert.match(started.stdout, /schedule-start, audit #\d+/);

    // The first step is due at once; once taken, the next one (new) is an hour away. ("next
    // canary 50% due now" is printed before it is taken, so the wait is on the step after.)
    const stepTaken = /reads: step schedule running \(steps 50, 100 every 1h 0m\): next new in 59m/;
    let status: Cli | undefined;
    const until = Date.now() + 30_000;
    for (; Date.now() < until; await sleep(200)) {
      status = await ficus('status', 'reads');
      if (stepTaken.test(status.stdout)) break;
    }
    assert.match(status!.stdout, stepTaken);
    assert.match(status!.stdout, /^reads\s+canary\b/m, 'the route moved to canary');

    const twice = await ficus('canary', 'reads', '--auto');
    assert.notEqual(twice.code, 0);
    assert.match(twice.stderr, /already runs/);

    const stopped = await ficus('canary', 'reads', '--stop', '--reason', 'hold here');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /reads: step schedule cancelled .*stopped by .*hold here/);

    const none = await ficus('canary', 'other', '--auto');
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /has no step schedule; declare one in ficus\.config\.yaml/);
  });
});
