import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort } from '@ficus/infra';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';

const DIST = resolve('dist/apps/scheduling-service/src');

function start(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [resolve(DIST, script), ...args], {
    env: { ...process.env, FICUS_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

describe('scheduling service processes', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('ss_e2e');
  });
  after(async () => {
    await db?.drop();
  });

  const MIGRATED_TABLES = [
    'appointments',
    'ficus_sync_marker',
    'legacy_sync_dead_letters',
    'patient_references',
    'practitioners',
    'typeorm_migrations',
  ];

  async function tables(): Promise<string[]> {
    const [rows] = await db.pool.query<RowDataPacket[]>('SHOW TABLES');
    return rows.map((r) => String(Object.values(r)[0])).sort();
  }

  it('migrates as a command: show reports pending, run applies, revert undoes', async () => {
    const env = { SCHEDULING_DATABASE_URL: db.url };
    assert.equal(await exitCode(start('migrate.main.js', ['show'], env)), 1);
    assert.equal(await exitCode(start('migrate.main.js', ['run'], env)), 0);
    assert.deepEqual(await tables(), MIGRATED_TABLES);
    assert.equal(await exitCode(start('migrate.main.js', ['revert'], env)), 0);
    assert.deepEqual(
      await tables(),
      ['appointments', 'patient_references', 'practitioners', 'typeorm_migrations'],
      'the latest one undone',
    );
  });

  it('boots, migrates on start, serves both APIs, and stops on SIGTERM', async () => {
    const port = await freePort();
    const service = start('main.js', [], {
      SCHEDULING_DATABASE_URL: db.url,
      SCHEDULING_PORT: String(port),
    });
    const stopped = exitCode(service);
    try {
      let health: Response | undefined;
      for (let attempt = 0; attempt < 150 && !health?.ok; attempt++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (!health?.ok) await sleep(100);
      }
      assert.equal(health?.status, 200);
      assert.deepEqual(await tables(), MIGRATED_TABLES);
      const list = await fetch(`http://127.0.0.1:${port}/api/practitioners`);
      assert.equal(await list.text(), '{"count":0,"limit":100,"offset":0,"practitioners":[]}');
      const fhir = await fetch(`http://127.0.0.1:${port}/fhir/Practitioner/1`);
      assert.equal(fhir.status, 404);
      // Without SCHEDULING_LEGACY_DATABASE_URL it runs on its own, and says so.
      const sync = await fetch(`http://127.0.0.1:${port}/sync/status`);
      assert.deepEqual(await sync.json(), {
        enabled: false,
        ready: true,
        inbound: null,
        writeBack: null,
      });
      assert.equal((await fetch(`http://127.0.0.1:${port}/sync/ready`)).status, 200);
    } finally {
      service.kill('SIGTERM');
    }
    assert.equal(await stopped, 0);
  });

  it('refuses to start without a valid database URL, saying which variable is wrong', async () => {
    const child = spawn(process.execPath, [resolve(DIST, 'main.js')], {
      env: { ...process.env, SCHEDULING_DATABASE_URL: 'not-a-url' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    assert.equal(await exitCode(child), 1);
    assert.match(
      output,
      /FICUS_SCHEDULING_BAD_ENV: SCHEDULING_DATABASE_URL must be a mysql:\/\/ URL/,
    );
  });

  it('refuses a database URL whose database does not exist, saying to create it', async () => {
    const missing = new URL(db.url);
    missing.pathname = `/${db.name}_missing`;
    for (const [script, args] of [
      ['main.js', []],
      ['migrate.main.js', ['show']],
    ] as const) {
      const child = spawn(process.execPath, [resolve(DIST, script), ...args], {
        env: { ...process.env, SCHEDULING_DATABASE_URL: missing.toString() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      assert.equal(await exitCode(child), 1, script);
      const fatal = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; err?: string })
        .find((entry) => entry.level === 60);
      assert.equal(
        fatal?.err,
        `FICUS_SCHEDULING_BAD_ENV: SCHEDULING_DATABASE_URL names database "${db.name}_missing", ` +
          `which ${missing.host} does not have; create it (CREATE DATABASE \`${db.name}_missing\`) ` +
          'or name an existing one',
        script,
      );
      assert.doesNotMatch(output, /Retrying/, `${script}: a missing database is not retried`);
    }
  });

  it('refuses a clinic database it cannot read, naming the variable, and a legacy phase without one', async () => {
    const clinic = new URL(db.url);
    clinic.pathname = `/${db.name}_no_clinic`;
    for (const [extra, expected] of [
      [
        { SCHEDULING_LEGACY_DATABASE_URL: clinic.toString() },
        'FICUS_SCHEDULING_BAD_ENV: SCHEDULING_LEGACY_DATABASE_URL: the clinic database refused the ' +
          'service (ER_BAD_DB_ERROR); name the clinic database and a user with the grants ' +
          'docs/scheduling-service.md lists',
      ],
      [
        { SCHEDULING_SYSTEM_OF_RECORD: 'legacy' },
        "FICUS_SCHEDULING_BAD_ENV: SCHEDULING_SYSTEM_OF_RECORD is 'legacy' but " +
          'SCHEDULING_LEGACY_DATABASE_URL is not set: set it to the clinic database, or unset ' +
          'SCHEDULING_SYSTEM_OF_RECORD to run the service on its own',
      ],
    ] as const) {
      const child = spawn(process.execPath, [resolve(DIST, 'main.js')], {
        env: { ...process.env, SCHEDULING_DATABASE_URL: db.url, SCHEDULING_PORT: '0', ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      assert.equal(await exitCode(child), 1);
      const fatal = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; err?: string })
        .find((entry) => entry.level === 60);
      assert.equal(fatal?.err, expected);
    }
  });
});
