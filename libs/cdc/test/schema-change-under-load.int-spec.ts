import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Pool, ResultSetHeader } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { CdcConnector } from '../src/connector';
import { Collector, createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

/** The schema changes, run one after another while the writer goes on. */
const ALTERS = [
  "ALTER TABLE busy ADD COLUMN born DATE NULL DEFAULT '2000-01-01'",
  "ALTER TABLE busy MODIFY COLUMN note VARBINARY(20) NOT NULL DEFAULT 'x'",
  'ALTER TABLE busy RENAME COLUMN note TO memo',
  'ALTER TABLE busy DROP COLUMN born',
];

/**
 * What a row carries besides id and n, before the first ALTER and after each one: the writer never
 * names these columns, so their values are the defaults (DATE as days since the epoch, binary
 * columns base64 encoded).
 */
const SHAPES: Array<Record<string, unknown>> = [
  { note: 'x' },
  { note: 'x', born: 10957 },
  { note: 'eA==', born: 10957 },
  { memo: 'eA==', born: 10957 },
  { memo: 'eA==' },
];

/**
 * Inserts a new row and updates an earlier one on two connections at once, as fast as the server
 * takes them (a few hundred statements a second), naming only the columns no ALTER touches.
 */
class Writer {
  readonly committed: Array<{ id: number; n: number }> = [];
  private running = true;
  private nextId = 1;
  private readonly loops: Promise<void>[];

  constructor(private readonly pool: Pool) {
    this.loops = [this.run(), this.run()];
  }

  private async run(): Promise<void> {
    while (this.running) {
      const id = this.nextId++;
      await this.pool.query('INSERT INTO busy (id, n) VALUES (?, 0)', [id]);
      this.committed.push({ id, n: 0 });
      // The other loop may not have committed that row yet; an update of no row is no change.
      const target = Math.max(1, id - 10);
      const [result] = await this.pool.query<ResultSetHeader>(
        'UPDATE busy SET n = ? WHERE id = ?',
        [id, target],
      );
      if (result.affectedRows === 1) this.committed.push({ id: target, n: id });
    }
  }

  async advance(more: number): Promise<void> {
    const target = this.committed.length + more;
    while (this.committed.length < target) await sleep(5);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

const WRITES_BETWEEN_ALTERS = 300;

/** A streamed schema change (the snapshot's describe the tables as they were at its start). */
const isDdl = (r: ChangeRecord, serverName: string): boolean =>
  r.topic === serverName && r.value?.source.snapshot === 'false';
const ddlOf = (r: ChangeRecord): string => (r.value as unknown as { ddl: string }).ddl;

describe('schema change under load: DDL between a stream of writes', () => {
  let db: TestDatabase;
  let url: string;
  let connector: CdcConnector;
  const sink = new Collector();
  const deadLetters = new Collector();
  let writer: Writer;
  let writeRate = 0;

  before(async () => {
    db = await createTestDatabase('cdc_schema_load');
    url = await createConnectorUser(db);
    await db.pool.query(
      "CREATE TABLE busy (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(20) NOT NULL DEFAULT 'x')",
    );
    connector = new CdcConnector({
      config: embeddedConfig(db, url),
      handlers: [sink.handler],
      deadLetterHandler: deadLetters.handler,
    });
    await connector.start();
    writer = new Writer(db.pool);
    const ddl = await db.pool.getConnection();
    const startedAt = Date.now();
    try {
      for (const sql of ALTERS) {
        await writer.advance(WRITES_BETWEEN_ALTERS);
        await ddl.query(sql);
      }
      await writer.advance(WRITES_BETWEEN_ALTERS);
      writeRate = Math.round((writer.committed.length * 1000) / (Date.now() - startedAt));
    } finally {
      ddl.release();
      await writer.stop();
    }
    const wanted = new Set(writer.committed.map((w) => `${w.id}=${w.n}`));
    let read = 0;
    await sink.waitFor('every committed write', () => {
      for (const r of sink.records.slice(read)) {
        const row = r.value?.after;
        if (row && r.topic.endsWith('.busy')) wanted.delete(`${String(row.id)}=${String(row.n)}`);
      }
      read = sink.records.length;
      return wanted.size === 0;
    });
  });

  after(async () => {
    await connector?.stop();
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('delivers each row with the columns in force when it was written', (t) => {
    let shape = 0;
    const mismatches: string[] = [];
    const rowsPerShape = SHAPES.map(() => 0);
    for (const r of sink.records) {
      if (isDdl(r, connector.config.serverName)) shape++;
      if (!r.topic.endsWith('.busy') || !r.value) continue;
      rowsPerShape[shape]!++;
      const { id, n } = r.value.after ?? {};
      const expected = { id, n, ...SHAPES[shape] };
      try {
        assert.deepEqual(r.value.after, expected);
        if (r.value.before) assert.deepEqual(Object.keys(r.value.before), Object.keys(expected));
      } catch {
        mismatches.push(`row ${String(id)} after ${shape} ALTERs`);
      }
    }
    t.diagnostic(`rows per schema version: ${rowsPerShape.join(', ')}`);
    assert.deepEqual(mismatches.slice(0, 5), []);
    assert.equal(shape, ALTERS.length);
    assert.ok(
      rowsPerShape.every((n) => n > 0),
      `rows before and after each ALTER: ${rowsPerShape.join(', ')}`,
    );
  });

  it('publishes the schema changes in order on the schema topic', (t) => {
    t.diagnostic(`${writer.committed.length} writes at ${writeRate} per second`);
    const ddl = sink.records.filter((r) => isDdl(r, connector.config.serverName)).map(ddlOf);
    assert.deepEqual(ddl, ALTERS);
  });

  it('neither restarts nor dead-letters anything', async () => {
    const status = await connector.status();
    assert.equal(status.state, 'streaming');
    assert.equal(status.error, null);
    assert.deepEqual(deadLetters.records, []);
    assert.equal((await connector.metrics.reconnects.get()).values[0]?.value ?? 0, 0);
  });
});
