import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPool, type Pool } from 'mysql2/promise';
import { freePort, type MariaDbInstance } from '@ficus/infra';
import { privateMariaDb } from '@ficus/testing';
import { validateConnectorConfig } from '../src/config/config.loader';
import { CdcConnector } from '../src/connector';
import { Collector, replicaId } from './cdc-harness';

describe('source restart: MariaDB goes away mid-stream and comes back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ficus-cdc-mariadb-'));
  let port: number;
  let server: MariaDbInstance;
  let pool: Pool;

  before(async () => {
    port = await freePort();
    server = await privateMariaDb(dir, port);
    const admin = createPool({ uri: server.url, connectionLimit: 1 });
    await admin.query('CREATE DATABASE clinic');
    await admin.end();
    pool = createPool({ uri: `${server.url}clinic`, connectionLimit: 2 });
    await pool.query('CREATE TABLE visit (id INT PRIMARY KEY, v INT NOT NULL)');
  });

  after(async () => {
    await pool?.end().catch(() => undefined);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects with backoff and delivers every change made before and after, in order', async () => {
    const sink = new Collector();
    const connector = new CdcConnector({
      config: validateConnectorConfig(
        {
          serverName: 'restart',
          source: { mysqlUrl: server.url, serverId: replicaId(), databases: ['clinic'] },
          transport: { kind: 'embedded' },
          offsets: { store: 'mysql', database: 'clinic' },
          heartbeat: { intervalMs: 0 },
        },
        'the test',
      ),
      handlers: [sink.handler],
      retryDelays: { initialMs: 100, maxMs: 500 },
    });
    await connector.start();
    try {
      for (let id = 1; id <= 50; id++) await pool.query('INSERT INTO visit VALUES (?, 0)', [id]);
      await sink.waitFor('the first rows', () => sink.of('visit').length === 50);
      await pool.end();
      await server.stop();
      server = await privateMariaDb(dir, port);
      pool = createPool({ uri: `${server.url}clinic`, connectionLimit: 2 });
      await pool.query('UPDATE visit SET v = 1 WHERE id <= 10');
      for (let id = 51; id <= 100; id++) await pool.query('INSERT INTO visit VALUES (?, 0)', [id]);
      await sink.waitFor(
        'the rows after the restart',
        () => sink.of('visit').some((r) => r.key?.id === 100),
        60_000,
      );
    } finally {
      await connector.stop();
    }
    const created = new Set(
      sink
        .of('visit')
        .filter((r) => r.value?.op === 'c')
        .map((r) => r.key?.id),
    );
    assert.equal(created.size, 100);
    for (let id = 1; id <= 10; id++) {
      const ops = sink
        .of('visit')
        .filter((r) => r.key?.id === id)
        .map((r) => r.value?.op);
      assert.equal(ops[ops.length - 1], 'u', `row ${id}: update after insert`);
    }
    const reconnects = (await connector.metrics.reconnects.get()).values[0]?.value ?? 0;
    assert.ok(reconnects >= 1, 'the connector noticed the loss and reconnected');
  });
});
