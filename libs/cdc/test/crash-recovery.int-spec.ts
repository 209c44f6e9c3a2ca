import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER } from '@ficus/contracts';
import { createTestDatabase, testKafka, testKafkaBrokers, type TestDatabase } from '@ficus/testing';
import {
  consumeTopic,
  consumeUntil,
  createConnectorUser,
  dropConnectorUser,
  replicaId,
  type ConsumedMessage,
} from './cdc-harness';
import { ConnectorProcess, committedOffset, until } from './crash-child';

const ROWS = 10_000;

function connectorConfig(db: TestDatabase, url: string, serverName: string, snapshotChunk = 500) {
  return {
    serverName,
    source: { mysqlUrl: url, serverId: replicaId(), databases: [db.name] },
    transport: { kind: 'kafka', brokers: testKafkaBrokers(), partitions: 2 },
    offsets: { store: 'mysql', database: db.name },
    snapshot: { mode: 'initial', chunkSize: snapshotChunk },
    heartbeat: { intervalMs: 0 },
    delivery: { maxBatchRecords: 200, maxBufferedRecords: 1000, retries: 5 },
  };
}

type Parsed = ConsumedMessage & { id: number; op: string };

function parse(messages: ConsumedMessage[]): Parsed[] {
  return messages
    .filter((m) => m.value !== null)
    .map((m) => {
      const value = JSON.parse(m.value!) as { op: string; after: { id: number } };
      return { ...m, id: value.after.id, op: value.op };
    });
}

/** Every redelivered change carries the key of its first delivery: one key per (row, op). */
function assertStableKeys(events: Parsed[]): void {
  const keys = new Map<string, Set<string>>();
  for (const e of events) {
    const slot = `${e.id}:${e.op}`;
    keys.set(slot, (keys.get(slot) ?? new Set()).add(e.headers[IDEMPOTENCY_HEADER] ?? ''));
  }
  assert.deepEqual(
    [...keys].filter(([, k]) => k.size !== 1),
    [],
  );
}

describe('crash recovery: kill -9 of the connector process loses nothing', () => {
  let db: TestDatabase;
  let url: string;

  before(async () => {
    db = await createTestDatabase('cdc_crash');
    url = await createConnectorUser(db, false);
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('in the middle of a 10,000-row transaction: every row at least once, per-key order kept', async () => {
    await db.pool.query('CREATE TABLE ledger (id INT PRIMARY KEY, v INT NOT NULL)');
    const serverName = `ftcrash${randomBytes(3).toString('hex')}`;
    const child = new ConnectorProcess(connectorConfig(db, url, serverName));
    let events: Parsed[];
    child.start();
    try {
      await until(
        'the connector to stream',
        async () => (await committedOffset(db.pool, serverName))?.snapshotCompleted === true,
      );
      const conn = await db.pool.getConnection();
      await conn.beginTransaction();
      for (let from = 1; from <= ROWS; from += 100) {
        const values = Array.from({ length: 100 }, (_, i) => `(${from + i}, 0)`).join(',');
        await conn.query(`INSERT INTO ledger VALUES ${values}`);
      }
      await conn.commit();
      conn.release();
      await db.pool.query('UPDATE ledger SET v = 1 WHERE id <= 50');
      await until(
        'an offset inside the transaction',
        async () => ((await committedOffset(db.pool, serverName))?.eventsToSkip ?? 0) > 0,
        30_000,
      );
      await child.kill('SIGKILL');
      const atKill = await committedOffset(db.pool, serverName);
      assert.ok(
        atKill && atKill.eventsToSkip > 0 && atKill.eventsToSkip < ROWS / 100,
        'killed inside the transaction',
      );

      child.start();
      const topic = `${serverName}.${db.name}.ledger`;
      const created = new Set<number>();
      const updated = new Set<number>();
      const complete = (got: ConsumedMessage[]): boolean => {
        for (const e of parse(got.slice(-1))) (e.op === 'c' ? created : updated).add(e.id);
        return created.size === ROWS && updated.size === 50;
      };
      events = parse(
        await consumeUntil(testKafka('cdc-crash'), topic, complete, 'every change', 60_000),
      );
    } finally {
      await child.stop();
    }
    for (let id = 1; id <= 50; id++) {
      const seq = events
        .filter((e) => e.id === id)
        .sort((a, b) => Number(a.offset) - Number(b.offset));
      assert.equal(seq[seq.length - 1]?.op, 'u', `row ${id}: the update arrives after its insert`);
    }
    assertStableKeys(events);
  });

  it('during the initial snapshot: the restart snapshots again and then streams', async () => {
    await db.pool.query('CREATE TABLE archive (id INT PRIMARY KEY, v INT NOT NULL)');
    const values = Array.from({ length: 20_000 }, (_, i) => `(${i + 1}, 0)`).join(',');
    await db.pool.query(`INSERT INTO archive VALUES ${values}`);
    const serverName = `ftsnap${randomBytes(3).toString('hex')}`;
    const topic = `${serverName}.${db.name}.archive`;
    const admin = testKafka().admin();
    await admin.connect();
    const published = async (): Promise<number> => {
      const parts = await admin.fetchTopicOffsets(topic).catch(() => []);
      return parts.reduce((n, p) => n + Number(p.high), 0);
    };
    const child = new ConnectorProcess(connectorConfig(db, url, serverName, 200));
    try {
      child.start();
      await until('the first snapshot records', async () => (await published()) > 0);
      await child.kill('SIGKILL');
      assert.equal((await committedOffset(db.pool, serverName))?.snapshotCompleted ?? false, false);
      child.start();
      await until(
        'the snapshot to complete',
        async () => (await committedOffset(db.pool, serverName))?.snapshotCompleted === true,
      );
      // Snapshot records are acknowledged before the offset saying it completed is committed; the
      // committed position alone would not do (heartbeats move it too).
      const snapshotRecords = await published();
      await db.pool.query('UPDATE archive SET v = 1 WHERE id = 20000');
      await until('the streamed update', async () => (await published()) > snapshotRecords);
      const events = parse(
        await consumeTopic(testKafka('cdc-crash-snap'), topic, await published()),
      );
      assert.equal(new Set(events.filter((e) => e.op === 'r').map((e) => e.id)).size, 20_000);
      const last = events
        .filter((e) => e.id === 20_000)
        .sort((a, b) => Number(a.offset) - Number(b.offset));
      assert.equal(last[last.length - 1]?.op, 'u');
    } finally {
      await child.stop();
      await admin.disconnect();
    }
  });
});
