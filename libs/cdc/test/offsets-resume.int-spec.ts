import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool } from 'mysql2/promise';
import { IDEMPOTENCY_HEADER } from '@ficus/contracts';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import { MysqlOffsetStore } from '../src/offsets/mysql-offset-store';
import { Collector, createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

describe('offsets: a restarted connector resumes exactly where it stopped', () => {
  let db: TestDatabase;
  let url: string;
  let config: ConnectorConfig;

  before(async () => {
    db = await createTestDatabase('cdc_offsets');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE visit (id INT PRIMARY KEY, note VARCHAR(40))');
    config = embeddedConfig(db, url);
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  async function run(
    sink: Collector,
    work: () => Promise<void>,
    until: () => boolean,
  ): Promise<void> {
    const connector = new CdcConnector({ config, handlers: [sink.handler] });
    await connector.start();
    try {
      await work();
      await sink.waitFor('the changes', until);
    } finally {
      await connector.stop();
    }
  }

  it('delivers changes made while it was down once, without a second snapshot', async () => {
    const first = new Collector();
    await db.pool.query("INSERT INTO visit VALUES (1, 'before start')");
    await run(
      first,
      () => db.pool.query("INSERT INTO visit VALUES (2, 'streamed')").then(() => undefined),
      () => first.ids('visit').includes(2),
    );
    assert.deepEqual(first.ids('visit'), [1, 2]);
    await db.pool.query("INSERT INTO visit VALUES (3, 'while down'), (4, 'while down')");
    const second = new Collector();
    await run(
      second,
      () => db.pool.query("INSERT INTO visit VALUES (5, 'after restart')").then(() => undefined),
      () => second.ids('visit').includes(5),
    );
    assert.deepEqual(second.ids('visit'), [3, 4, 5]);
  });

  it('resumes inside a transaction, skipping exactly the row events already delivered', async () => {
    const all = new Collector();
    const conn = await db.pool.getConnection();
    await run(
      all,
      async () => {
        await conn.beginTransaction();
        for (let id = 10; id < 13; id++)
          await conn.query("INSERT INTO visit VALUES (?, 'txn')", [id]);
        await conn.commit();
        conn.release();
      },
      () => all.ids('visit').includes(12),
    );
    const txn = all.of('visit').filter((r) => Number(r.key?.id) >= 10);
    const position = txn[0]!.position;
    const store = new MysqlOffsetStore(url, db.name, 'ficus_cdc_offsets', config.serverName);
    await store.commit({
      ...position,
      gtidSet: null,
      eventsToSkip: 1,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs: 0,
    });
    await store.close();

    const resumed = new Collector();
    await run(
      resumed,
      () => Promise.resolve(),
      () => resumed.ids('visit').includes(12),
    );
    assert.deepEqual(
      resumed.ids('visit'),
      [11, 12],
      'the first row event of the transaction is not sent again',
    );
    assert.deepEqual(
      resumed.of('visit').map((r) => r.headers[IDEMPOTENCY_HEADER]),
      txn.slice(1).map((r) => r.headers[IDEMPOTENCY_HEADER]),
      'redelivered events carry the keys of their first delivery',
    );
  });

  it('refuses an offset whose binlog was purged, naming it and the oldest file', async () => {
    const store = new MysqlOffsetStore(url, db.name, 'ficus_cdc_offsets', config.serverName);
    await store.commit({
      file: 'binlog.000000',
      pos: 4,
      gtid: null,
      gtidSet: null,
      eventsToSkip: 0,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs: 0,
    });
    await store.close();
    const connector = new CdcConnector({ config, handlers: [new Collector().handler] });
    await assert.rejects(
      connector.start(),
      /FICUS_CDC_OFFSET_PURGED: the stored offset binlog\.000000:4 .*oldest available: binlog\.\d+/,
    );
  });

  it('snapshots again under when_needed when the offset was purged', async () => {
    const sink = new Collector();
    const connector = new CdcConnector({
      config: { ...config, snapshot: { ...config.snapshot, mode: 'when_needed' } },
      handlers: [sink.handler],
    });
    await connector.start();
    await connector.stop();
    assert.deepEqual(
      sink.of('visit').map((r) => r.value?.op),
      Array(8).fill('r'),
    );
  });
});

describe('bad data and refused records go to the dead-letter handler; the stream goes on', () => {
  let db: TestDatabase;
  let url: string;

  before(async () => {
    db = await createTestDatabase('cdc_dlq');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))');
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('dead-letters the one record a handler refuses, with reason and position', async () => {
    const good = new Collector();
    const dead = new Collector();
    const picky = (records: Parameters<typeof good.handler>[0]): Promise<void> => {
      if (records.some((r) => r.key?.id === 13)) return Promise.reject(new Error('unlucky row'));
      return good.handler(records);
    };
    const connector = new CdcConnector({
      config: embeddedConfig(db, url),
      handlers: [picky],
      deadLetterHandler: dead.handler,
      retryDelays: { initialMs: 5, maxMs: 20 },
    });
    await connector.start();
    try {
      await db.pool.query("INSERT INTO item VALUES (12, 'a'), (13, 'b'), (14, 'c')");
      await good.waitFor('row 14', () => good.records.some((r) => r.key?.id === 14));
      await dead.waitFor('the dead letter', () => dead.records.length > 0);
    } finally {
      await connector.stop();
    }
    assert.deepEqual(
      good.of('item').map((r) => r.key?.id),
      [12, 14],
    );
    const letter = dead.records[0]!.value as unknown as Record<string, unknown>;
    assert.deepEqual(letter.reason, {
      code: 'FICUS_CDC_HANDLER_FAILED',
      message: 'FICUS_CDC_HANDLER_FAILED: an embedded change handler failed: unlucky row',
    });
    assert.equal(letter.table, 'item');
    assert.match(JSON.stringify(letter.position), /"file":"binlog\.\d+"/);
    assert.equal(dead.records[0]!.headers['ficus-dlq-reason'], 'FICUS_CDC_HANDLER_FAILED');
  });

  it('fails at start with the fix when the replica id is the server’s own', async () => {
    const config = embeddedConfig(db, url);
    const connector = new CdcConnector({
      config: { ...config, source: { ...config.source, serverId: 1 } },
      handlers: [new Collector().handler],
    });
    await assert.rejects(
      connector.start(),
      /FICUS_CDC_SERVER_ID_CLASH: source\.serverId 1 is the source server's own server_id/,
    );
  });

  it('fails at start naming the GRANT to run when replication privileges are missing', async () => {
    const admin = createPool({ uri: db.url, connectionLimit: 1 });
    const user = new URL(url).username;
    await admin.query(`REVOKE REPLICATION SLAVE ON *.* FROM '${user}'@'%'`);
    await admin.end();
    const connector = new CdcConnector({
      config: embeddedConfig(db, url),
      handlers: [new Collector().handler],
    });
    await assert.rejects(
      connector.start(),
      /FICUS_CDC_GRANTS_MISSING: .*GRANT REPLICATION SLAVE ON \*\.\*/s,
    );
  });
});
