import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { CdcConnector } from '../src/connector';
import { IncrementalSnapshots } from '../src/snapshot/incremental-snapshots';
import { Collector, createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

const SEED = 3000;

/** Replays change events as a consumer would (r, c, u upsert; d deletes) into id → row. */
function replay(records: ChangeRecord[]): Map<number, unknown> {
  const state = new Map<number, unknown>();
  for (const r of records) {
    if (!r.value) continue;
    const id = Number(r.key?.id);
    if (r.value.op === 'd') state.delete(id);
    else state.set(id, r.value.after);
  }
  return state;
}

async function tableState(db: TestDatabase): Promise<Map<number, unknown>> {
  const [rows] = await db.pool.query('SELECT id, n FROM counter ORDER BY id');
  return new Map(
    (rows as Array<{ id: number; n: number }>).map((r) => [r.id, { id: r.id, n: r.n }]),
  );
}

/** Writes until stopped: inserts new ids, bumps and deletes seeded ones, in small transactions. */
function startWriter(db: TestDatabase, hot = SEED, writers = 1): { stop(): Promise<number> } {
  let running = true;
  let writes = 0;
  let next = SEED + 1;
  const one = async (): Promise<void> => {
    while (running) {
      const id = 1 + Math.floor(Math.random() * hot);
      await db.pool.query('INSERT INTO counter VALUES (?, 0)', [next++]);
      await db.pool.query('UPDATE counter SET n = n + 1 WHERE id = ?', [id]);
      if (writes % 7 === 0) await db.pool.query('DELETE FROM counter WHERE id = ?', [id + 1]);
      writes++;
    }
  };
  const loop = Promise.all(Array.from({ length: writers }, one));
  return {
    stop: async () => {
      running = false;
      await loop;
      return writes;
    },
  };
}

async function seed(db: TestDatabase): Promise<void> {
  await db.pool.query('CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)');
  const values = Array.from({ length: SEED }, (_, i) => `(${i + 1}, 0)`).join(',');
  await db.pool.query(`INSERT INTO counter VALUES ${values}`);
}

describe('initial snapshot under concurrent writes: no gap, no duplicate at the boundary', () => {
  let db: TestDatabase;
  let url: string;

  before(async () => {
    db = await createTestDatabase('cdc_boundary');
    url = await createConnectorUser(db);
    await seed(db);
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('replaying snapshot + stream gives exactly the table, and no row is both read and created', async () => {
    const sink = new Collector();
    const writer = startWriter(db);
    const connector = new CdcConnector({
      config: embeddedConfig(db, url, { snapshot: { mode: 'initial', chunkSize: 100 } }),
      handlers: [sink.handler],
    });
    try {
      await connector.start();
      const writes = await writer.stop();
      assert.ok(writes > 0, 'the writer ran during the snapshot');
      const expected = await tableState(db);
      await sink.waitFor('the stream to catch up', () => {
        const got = replay(sink.of('counter'));
        return (
          JSON.stringify([...got].sort((a, b) => a[0] - b[0])) === JSON.stringify([...expected])
        );
      });
    } finally {
      await writer.stop();
      await connector.stop();
    }
    const events = sink.of('counter').filter((r) => r.value);
    const read = new Set(events.filter((r) => r.value?.op === 'r').map((r) => Number(r.key?.id)));
    const created = events.filter((r) => r.value?.op === 'c').map((r) => Number(r.key?.id));
    assert.deepEqual(
      created.filter((id) => read.has(id)),
      [],
      'no row is both snapshotted and streamed as created',
    );
    assert.equal(new Set(created).size, created.length, 'no insert is delivered twice');
  });
});

describe('incremental snapshot on signal, interleaved with streaming (DBLog watermarks)', () => {
  let db: TestDatabase;
  let url: string;

  before(async () => {
    db = await createTestDatabase('cdc_incremental');
    url = await createConnectorUser(db);
    await seed(db);
  });

  after(async () => {
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('reads the table on demand; no stale snapshot row overrides a newer change', async () => {
    const sink = new Collector();
    let snapshots: IncrementalSnapshots | undefined;
    const connector = new CdcConnector({
      config: embeddedConfig(db, url, { snapshot: { mode: 'no_data', chunkSize: 20 } }),
      handlers: [sink.handler],
      rowsHook: (c) => (snapshots = new IncrementalSnapshots(c)),
    });
    await connector.start();
    // Writes concentrate on the first chunks, so windows and changes overlap often.
    const writer = startWriter(db, 60, 4);
    try {
      assert.equal(sink.of('counter').length, 0, 'no_data: nothing read at start');
      await db.pool.query(
        "INSERT INTO ficus_signal (id, type, data) VALUES ('s1', 'execute-snapshot', ?)",
        [JSON.stringify({ 'data-collections': [`${db.name}.counter`], type: 'incremental' })],
      );
      await sink.waitFor(
        'the incremental snapshot',
        () =>
          sink.records.some((r) => r.value?.source.snapshot === 'incremental') &&
          !snapshots?.active,
        60_000,
      );
      await writer.stop();
      const expected = await tableState(db);
      const sorted = (): Array<[number, unknown]> =>
        [...replay(sink.of('counter'))].sort((a, b) => a[0] - b[0]);
      await sink
        .waitFor('the stream to catch up', () => sorted().length >= expected.size, 15_000)
        .catch(() => undefined);
      assert.deepEqual(sorted(), [...expected]);
    } finally {
      await writer.stop();
      await connector.stop();
    }
    const reads = sink.of('counter').filter((r) => r.value?.op === 'r');
    assert.ok(reads.length > SEED / 2, `most rows come from the snapshot (${reads.length})`);
    assert.ok(reads.every((r) => r.value?.source.snapshot === 'incremental'));
  });
});
