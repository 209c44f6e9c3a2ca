import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import {
  Collector,
  createConnectorUser,
  dropConnectorUser,
  embeddedConfig,
  replicaId,
} from './cdc-harness';

/**
 * Loop prevention for two-way sync: a writer that must not be captured back writes the marker
 * table first in each of its transactions, and the connector drops those transactions whole.
 */
describe('source.skipTransactionsMarkedBy: marked transactions produce no records', () => {
  let db: TestDatabase;
  let url: string;
  let config: ConnectorConfig;

  before(async () => {
    db = await createTestDatabase('cdc_marker');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE visit (id INT PRIMARY KEY, note VARCHAR(40))');
    await db.pool.query(
      'CREATE TABLE sync_marker (writer VARCHAR(32) PRIMARY KEY, seq BIGINT NOT NULL)',
    );
    config = embeddedConfig(db, url, {
      source: {
        mysqlUrl: url,
        serverId: replicaId(),
        databases: [db.name],
        skipTransactionsMarkedBy: `${db.name}.sync_marker`,
      },
      heartbeat: { intervalMs: 100 },
    });
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  /** The syncing writer's transaction: the marker first, then its changes. */
  async function marked(...statements: string[]): Promise<void> {
    const conn = await db.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query(
        "INSERT INTO sync_marker VALUES ('sync', 1) ON DUPLICATE KEY UPDATE seq = seq + 1",
      );
      for (const sql of statements) await conn.query(sql);
      await conn.commit();
    } finally {
      conn.release();
    }
  }

  async function binlogEnd(): Promise<{ file: string; pos: number }> {
    const [rows] = await db.pool.query<RowDataPacket[]>('SHOW MASTER STATUS');
    return { file: String(rows[0]?.File), pos: Number(rows[0]?.Position) };
  }

  it('drops a marked transaction whole and still delivers the unmarked ones around it', async () => {
    const sink = new Collector();
    const connector = new CdcConnector({ config, handlers: [sink.handler] });
    await connector.start();
    try {
      await marked("INSERT INTO visit VALUES (1, 'sync')", "INSERT INTO visit VALUES (2, 'sync')");
      await db.pool.query("INSERT INTO visit VALUES (3, 'clinic')");
      await marked("UPDATE visit SET note = 'sync' WHERE id = 3", 'DELETE FROM visit WHERE id = 1');
      await db.pool.query("INSERT INTO visit VALUES (4, 'clinic')");
      await sink.waitFor('row 4', () => sink.ids('visit').includes(4));
    } finally {
      await connector.stop();
    }
    assert.deepEqual(sink.ids('visit'), [3, 4]);
    assert.deepEqual(
      sink.of('visit').map((r) => r.value?.op),
      ['c', 'c'],
    );
    assert.equal(sink.of('sync_marker').length, 0, 'the marker table itself is never captured');
  });

  it('moves its offset past marked transactions and resumes after them without replays', async () => {
    const first = new Collector();
    const connector = new CdcConnector({ config, handlers: [first.handler] });
    await connector.start();
    try {
      await marked("INSERT INTO visit VALUES (10, 'sync')");
      const end = await binlogEnd();
      await waitUntil(async () => {
        const position = (await connector.status()).position;
        return (
          position !== null &&
          (position.file > end.file || (position.file === end.file && position.pos >= end.pos))
        );
      });
    } finally {
      await connector.stop();
    }
    assert.deepEqual(first.ids('visit'), []);

    const second = new Collector();
    const resumed = new CdcConnector({ config, handlers: [second.handler] });
    await resumed.start();
    try {
      await marked("INSERT INTO visit VALUES (11, 'sync')");
      await db.pool.query("INSERT INTO visit VALUES (12, 'clinic')");
      await second.waitFor('row 12', () => second.ids('visit').includes(12));
    } finally {
      await resumed.stop();
    }
    assert.deepEqual(
      second.ids('visit'),
      [12],
      'nothing before the offset comes again, nothing marked',
    );
  });
});

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the committed offset');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
