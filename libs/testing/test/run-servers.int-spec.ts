import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { freePort, type MariaDbInstance } from '@ficus/infra';
import { privateMariaDb } from '../src/database';
import { restartIfEnded } from '../src/run-servers';

async function query(url: string, sql: string): Promise<unknown> {
  const conn = await createConnection({ uri: url, connectTimeout: 2000 });
  try {
    const [rows] = await conn.query(sql);
    return rows;
  } finally {
    await conn.end();
  }
}

async function exitOf(server: MariaDbInstance): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const ended = server.exited?.();
    if (ended !== undefined) return ended;
    await sleep(50);
  }
  throw new Error('the server did not exit within 30 s');
}

describe('the run’s servers: one that dies under the run is started again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ficus-run-mariadb-'));
  let port: number;
  let server: MariaDbInstance;

  before(async () => {
    port = await freePort();
    server = await privateMariaDb(dir, port);
    await query(server.url, 'CREATE DATABASE kept');
    await query(server.url, 'CREATE TABLE kept.t (id INT PRIMARY KEY)');
    await query(server.url, 'INSERT INTO kept.t VALUES (1), (2)');
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a server that is still running', async () => {
    const restarted = await restartIfEnded(server, () => privateMariaDb(dir, port));
    assert.equal(restarted.ended, undefined);
    assert.equal(restarted.server, server);
  });

  it('says why a crashed MariaDB died, and starts it on the same port with its data', async () => {
    assert.ok(server.pid !== undefined);
    process.kill(server.pid, 'SIGSEGV');
    const ended = await exitOf(server);
    assert.match(ended, /mariadbd exited with SIGSEGV/);
    assert.match(ended, /got signal 11/, 'the fatal-signal line of the server’s error log');
    await assert.rejects(query(server.url, 'SELECT 1'), { code: 'ECONNREFUSED' });

    const restarted = await restartIfEnded(server, () => privateMariaDb(dir, port));
    server = restarted.server;
    assert.equal(restarted.ended, ended);
    assert.equal(server.port, port);
    assert.deepEqual(await query(server.url, 'SELECT id FROM kept.t ORDER BY id'), [
      { id: 1 },
      { id: 2 },
    ]);
    assert.equal(server.exited?.(), undefined, 'the new process is running');
  });

  it('does not report a server stopped on purpose as ended', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'ficus-run-mariadb-'));
    try {
      const stopped = await privateMariaDb(otherDir, await freePort());
      await stopped.stop();
      assert.equal(stopped.exited?.(), undefined);
      const restarted = await restartIfEnded(stopped, () =>
        Promise.reject(new Error('no restart')),
      );
      assert.equal(restarted.server, stopped);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
