import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER } from '@ficus/contracts';
import { createTestDatabase, testMysqlUrl, type TestDatabase } from '@ficus/testing';

const ROOT = resolve(__dirname, '../../../..');

/** The command `npm link` installs: package.json's bin entry, run as a program (its shebang). */
function ficusCdc(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(ROOT, pkg.bin['ficus-cdc']!);
}

interface Line {
  topic: string;
  key: Record<string, unknown> | null;
  value: { op: string; before: unknown; after: unknown; source: { snapshot: string } } | null;
  headers: Record<string, string>;
}

class Run {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((done) => child.once('close', (code) => done(code)));
  }

  /** The whole lines of standard output so far, each parsed as JSON. */
  lines(): Line[] {
    return this.stdout
      .slice(0, this.stdout.lastIndexOf('\n') + 1)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
  }

  async waitFor(what: string, done: (lines: Line[]) => boolean): Promise<Line[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const lines = this.lines();
      if (done(lines)) return lines;
      if (this.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`gave up waiting for ${what}; stderr:\n${this.stderr}`);
      await sleep(50);
    }
  }
}

function start(config: string): Run {
  return new Run(
    spawn(ficusCdc(), ['run', '--config', config], {
      env: { ...process.env, FICUS_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

describe('ficus-cdc, the installed command, with the JSON-lines transport', () => {
  let db: TestDatabase;
  let dir: string;
  const runs: Run[] = [];

  const writeConfig = (name: string, extra: string[] = []): string => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        `serverName: ${name}`,
        'source:',
        `  mysqlUrl: ${testMysqlUrl()}`,
        `  serverId: ${100_000 + Math.floor(Math.random() * 1_000_000_000)}`,
        `  databases: [${db.name}]`,
        'transport: { kind: jsonl, path: "-" }',
        `offsets: { store: file, path: ${join(dir, `${name}.offsets.json`)} }`,
        'heartbeat: { intervalMs: 0 }',
        ...extra,
      ].join('\n'),
    );
    return file;
  };

  before(async () => {
    db = await createTestDatabase('cdc_bin');
    dir = mkdtempSync(join(tmpdir(), 'ficus-cdc-bin-'));
    await db.pool.query('CREATE TABLE visit (id INT PRIMARY KEY, note VARCHAR(40))');
    await db.pool.query("INSERT INTO visit VALUES (1, 'first'), (2, 'second')");
  });

  after(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('prints the snapshot and each change as one JSON line on stdout, logs on stderr, and stops on SIGTERM', async () => {
    const run = start(writeConfig('binrun'));
    runs.push(run);
    await run.waitFor(
      'the snapshot',
      (lines) => lines.filter((l) => l.value?.op === 'r').length >= 2,
    );
    await db.pool.query("INSERT INTO visit VALUES (3, 'third')");
    await db.pool.query("UPDATE visit SET note = 'changed' WHERE id = 1");
    await db.pool.query('DELETE FROM visit WHERE id = 2');
    const lines = await run.waitFor('the tombstone', (got) => got.some((l) => l.value === null));
    const visit = lines.filter((l) => l.topic === `binrun.${db.name}.visit`);
    assert.deepEqual(
      visit.map((l) => l.value?.op ?? 'tombstone'),
      ['r', 'r', 'c', 'u', 'd', 'tombstone'],
    );
    assert.deepEqual(visit.at(-1)?.key, { id: 2 });
    for (const line of visit) assert.match(line.headers[IDEMPOTENCY_HEADER] ?? '', /.+/);
    assert.match(run.stderr, /"msg":"streaming"/);

    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    assert.ok(run.stdout.endsWith('\n'));
    assert.ok(
      run.lines().every((l) => typeof l.topic === 'string'),
      'stdout holds events only',
    );
  });

  it('stops with FICUS_CDC_JSONL_WRITE_FAILED when its reader goes away, as `ficus-cdc run | head -1` does', async () => {
    const run = start(writeConfig('binpipe'));
    runs.push(run);
    await run.waitFor('the first line', (lines) => lines.length > 0);
    run.child.stdout!.destroy();
    await db.pool.query("INSERT INTO visit VALUES (5, 'nobody reads this')");
    assert.equal(await run.exited, 1);
    // The connector's own log line and main's one-line error go to stderr from two writers, in
    // either order: the one-line error must be there, whole, on a line of its own.
    assert.match(
      run.stderr,
      /^FICUS_CDC_JSONL_WRITE_FAILED: could not write change events to standard output \(.*EPIPE.*\)/m,
    );
  });

  it('exits 1 with one FICUS_PORT_IN_USE line when http.port is taken', async () => {
    const taken: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = start(writeConfig('binport', [`http: { port: ${port} }`]));
      runs.push(run);
      assert.equal(await run.exited, 1);
      assert.equal(
        run.stderr,
        `FICUS_PORT_IN_USE: port ${port} on 127.0.0.1 is already in use by another process; ` +
          'stop that process, or choose another port with http.port in the connector configuration (or FICUS_CDC_HTTP_PORT)\n',
      );
      assert.equal(run.stdout, '');
    } finally {
      await new Promise<void>((done) => taken.close(() => done()));
    }
  });
});
