import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import { MysqlOffsetStore } from '../src/offsets/mysql-offset-store';
import { Collector, createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

/**
 * XA transactions against the real server: MariaDB writes an XA transaction's rows to the binlog
 * at XA PREPARE, and its XA COMMIT or XA ROLLBACK later, in a group of its own. Only committed rows
 * may reach consumers, once, whatever the connector does in between.
 */
describe('XA transactions: rows are published at XA COMMIT, never for XA ROLLBACK', () => {
  let db: TestDatabase;
  let url: string;
  let config: ConnectorConfig;
  const prefix = `fx${randomBytes(3).toString('hex')}`;
  const xid = (name: string): string => `'${prefix}${name}'`;

  before(async () => {
    db = await createTestDatabase('cdc_xa');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE visit (id INT PRIMARY KEY, note VARCHAR(40))');
    config = embeddedConfig(db, url);
  });

  after(async () => {
    // A prepared transaction outlives its session and would hold its locks: end any a failure left.
    if (db) {
      const [rows] = await db.pool.query<RowDataPacket[]>('XA RECOVER');
      for (const row of rows) {
        const data = String(row.data);
        if (data.startsWith(prefix)) await db.pool.query(`XA ROLLBACK '${data}'`);
      }
      await db.drop();
    }
    if (url) await dropConnectorUser(url);
  });

  /** XA START … XA PREPARE on a connection of its own, which is then closed: it stays prepared. */
  async function prepare(name: string, id: number): Promise<void> {
    const conn = await db.pool.getConnection();
    try {
      await conn.query(`XA START ${xid(name)}`);
      await conn.query("INSERT INTO visit VALUES (?, 'xa')", [id]);
      await conn.query(`XA END ${xid(name)}`);
      await conn.query(`XA PREPARE ${xid(name)}`);
    } finally {
      conn.destroy();
    }
  }

  /** Waits (up to 10 s) until the committed offset names a held transaction's start. */
  async function heldInOffset(store: MysqlOffsetStore): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await store.load())?.preparedXaFrom && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const insert = (id: number) =>
    db.pool.query("INSERT INTO visit VALUES (?, 'plain')", [id]).then(() => undefined);

  async function running<T>(
    sink: Collector,
    work: (connector: CdcConnector) => Promise<T>,
    connectorConfig = config,
  ): Promise<T> {
    const connector = new CdcConnector({ config: connectorConfig, handlers: [sink.handler] });
    await connector.start();
    try {
      return await work(connector);
    } finally {
      await connector.stop();
    }
  }

  it('holds prepared rows until XA COMMIT, drops rolled-back ones, passes one-phase commits', async () => {
    const sink = new Collector();
    const held = async (connector: CdcConnector) =>
      (await connector.metrics.preparedXaHeld.get()).values[0]?.value;
    await running(sink, async (connector) => {
      await prepare('a', 1);
      await insert(2);
      await prepare('b', 3);
      await db.pool.query(`XA ROLLBACK ${xid('b')}`);
      await insert(4);
      await sink.waitFor('the plain inserts', () => sink.ids('visit').includes(4));
      assert.deepEqual(
        sink.ids('visit'),
        [2, 4],
        'nothing of the prepared or the rolled-back transaction',
      );
      assert.equal(await held(connector), 1, 'the metric counts the one still prepared');

      await db.pool.query(`XA COMMIT ${xid('a')}`);
      await insert(5);
      await sink.waitFor('the insert after XA COMMIT', () => sink.ids('visit').includes(5));
      assert.deepEqual(sink.ids('visit'), [2, 4, 1, 5], 'the committed XA rows, in commit order');
      assert.equal(await held(connector), 0);

      const conn = await db.pool.getConnection();
      try {
        await conn.query(`XA START ${xid('c')}`);
        await conn.query("INSERT INTO visit VALUES (6, 'one phase')");
        await conn.query(`XA END ${xid('c')}`);
        await conn.query(`XA COMMIT ${xid('c')} ONE PHASE`);
      } finally {
        conn.release();
      }
      await sink.waitFor('the one-phase commit', () => sink.ids('visit').includes(6));
    });
    const one = sink.of('visit').find((r) => Number(r.key?.id) === 1);
    assert.equal((one?.value as { op?: string } | null)?.op, 'c');
    assert.deepEqual(sink.ids('visit'), [2, 4, 1, 5, 6]);
  });

  it('keeps a prepared transaction across a restart: its rows once, nothing else again', async () => {
    const store = new MysqlOffsetStore(url, db.name, 'ficus_cdc_offsets', config.serverName);
    try {
      const first = new Collector();
      await running(first, async () => {
        await prepare('d', 10);
        await insert(11);
        await first.waitFor('the insert after the prepare', () => first.ids('visit').includes(11));
        await heldInOffset(store);
      });
      const stored = await store.load();
      assert.ok(
        stored?.preparedXaFrom,
        'the committed offset names where the held transaction begins',
      );
      assert.deepEqual(first.ids('visit'), [11]);

      await insert(12);
      await db.pool.query(`XA COMMIT ${xid('d')}`);
      const second = new Collector();
      await running(second, async () => {
        await insert(13);
        await second.waitFor('the insert after the restart', () =>
          second.ids('visit').includes(13),
        );
      });
      assert.deepEqual(
        second.ids('visit'),
        [12, 10, 13],
        'row 11 is not sent again; row 10 is sent once',
      );
      assert.equal((await store.load())?.preparedXaFrom, null, 'nothing is held any more');
    } finally {
      await store.close();
    }
  });

  it('drops a transaction rolled back while the connector was down', async () => {
    const first = new Collector();
    await running(first, async () => {
      await prepare('e', 20);
      await insert(21);
      await first.waitFor('the insert after the prepare', () => first.ids('visit').includes(21));
    });
    assert.deepEqual(first.ids('visit'), [21], 'nothing of the prepared transaction');
    await db.pool.query(`XA ROLLBACK ${xid('e')}`);
    const second = new Collector();
    await running(second, async () => {
      await insert(22);
      await second.waitFor('the insert after the restart', () => second.ids('visit').includes(22));
    });
    assert.deepEqual(second.ids('visit'), [22]);
  });

  it('keeps a prepared transaction across a lost binlog connection, resumed in-process', async () => {
    const store = new MysqlOffsetStore(url, db.name, 'ficus_cdc_offsets', config.serverName);
    const sink = new Collector();
    try {
      await running(sink, async (connector) => {
        await prepare('f', 30);
        await insert(31);
        await sink.waitFor('the insert after the prepare', () => sink.ids('visit').includes(31));
        await heldInOffset(store);
        const user = decodeURIComponent(new URL(url).username);
        const [dumps] = await db.pool.query<RowDataPacket[]>(
          "SELECT id FROM information_schema.PROCESSLIST WHERE user = ? AND command LIKE 'Binlog Dump%'",
          [user],
        );
        assert.equal(dumps.length, 1, 'the connector reads the binlog on one connection');
        await db.pool.query(`KILL ${Number(dumps[0]!.id)}`);
        await insert(32);
        await db.pool.query(`XA COMMIT ${xid('f')}`);
        await insert(33);
        await sink.waitFor('the insert after the reconnect', () => sink.ids('visit').includes(33));
        const reconnects = (await connector.metrics.reconnects.get()).values[0]?.value;
        assert.ok(reconnects !== undefined && reconnects >= 1, 'the binlog connection was resumed');
      });
      assert.deepEqual(sink.ids('visit'), [31, 32, 30, 33]);
    } finally {
      await store.close();
    }
  });

  it('publishes at XA COMMIT a transaction prepared when the initial snapshot was taken', async () => {
    await prepare('g', 40);
    await prepare('h', 42);
    await insert(41);
    const sink = new Collector();
    const ops = () =>
      sink
        .of('visit')
        .filter((r) => [40, 41, 42].includes(Number(r.key?.id)))
        .map((r) => `${String(r.key?.id)}:${(r.value as { op: string } | null)?.op}`);
    await running(
      sink,
      async () => {
        await sink.waitFor('the snapshot', () => ops().includes('41:r'));
        await db.pool.query(`XA COMMIT ${xid('g')}`);
        await db.pool.query(`XA ROLLBACK ${xid('h')}`);
        await insert(43);
        await sink.waitFor('the insert after XA COMMIT', () => sink.ids('visit').includes(43));
      },
      embeddedConfig(db, url),
    );
    assert.deepEqual(ops(), ['41:r', '40:c'], 'not in the snapshot (uncommitted), then at commit');
  });

  it('waits on disk beyond delivery.maxHeldXaRecords, and publishes the whole transaction once at XA COMMIT', async () => {
    const spillParent = mkdtempSync(join(tmpdir(), 'cdc-xa-spill-'));
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = spillParent;
    const spillFiles = () =>
      readdirSync(spillParent).flatMap((dir) => readdirSync(join(spillParent, dir)));
    /** One XA transaction of `count` rows from `first`, prepared and left so. */
    async function prepareMany(name: string, first: number, count: number): Promise<void> {
      const conn = await db.pool.getConnection();
      try {
        await conn.query(`XA START ${xid(name)}`);
        const values = Array.from({ length: count }, (_, i) => [first + i, 'bulk']);
        await conn.query('INSERT INTO visit VALUES ?', [values]);
        await conn.query(`XA END ${xid(name)}`);
        await conn.query(`XA PREPARE ${xid(name)}`);
      } finally {
        conn.destroy();
      }
    }
    const sink = new Collector();
    const bounded: ConnectorConfig = {
      ...config,
      delivery: { ...config.delivery, maxHeldXaRecords: 100, maxBatchRecords: 64 },
    };
    try {
      await running(
        sink,
        async () => {
          await prepareMany('big', 10_001, 1_000);
          await insert(20_001);
          await sink.waitFor('the insert after the prepare', () =>
            sink.ids('visit').includes(20_001),
          );
          assert.equal(spillFiles().length, 1, 'the rows beyond the bound wait in a file');
          await db.pool.query(`XA COMMIT ${xid('big')}`);
          await insert(20_002);
          await sink.waitFor('the insert after XA COMMIT', () =>
            sink.ids('visit').includes(20_002),
          );
          // Rows of the earlier tests (ids under 10,000) may come again as the connector resumes.
          const seen = sink.ids('visit').filter((id) => id > 10_000);
          const bulk = Array.from({ length: 1_000 }, (_, i) => 10_001 + i);
          assert.deepEqual(
            seen,
            [20_001, ...bulk, 20_002],
            'every row of the transaction once, in order, between the inserts around its commit',
          );
          assert.equal(spillFiles().length, 0, 'the file goes once the transaction is published');

          await prepareMany('gone', 30_001, 300);
          await insert(20_003);
          await sink.waitFor('the insert after the second prepare', () =>
            sink.ids('visit').includes(20_003),
          );
          assert.equal(spillFiles().length, 1);
          await db.pool.query(`XA ROLLBACK ${xid('gone')}`);
          await insert(20_004);
          await sink.waitFor('the insert after XA ROLLBACK', () =>
            sink.ids('visit').includes(20_004),
          );
          assert.equal(spillFiles().length, 0, 'a rolled-back transaction leaves no file');
          assert.ok(!sink.ids('visit').some((id) => id > 30_000));
        },
        bounded,
      );
    } finally {
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
      rmSync(spillParent, { recursive: true, force: true });
    }
  });
});
