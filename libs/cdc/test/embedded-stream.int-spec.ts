import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER, type ChangeRecord } from '@ficus/contracts';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { CdcConnector } from '../src/connector';
import { Collector, createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

const ops = (records: ChangeRecord[]): string[] => records.map((r) => r.value?.op ?? 'tombstone');

describe('embedded transport: snapshot, then every kind of change, as Debezium events', () => {
  let db: TestDatabase;
  let url: string;
  let connector: CdcConnector;
  const sink = new Collector();

  before(async () => {
    db = await createTestDatabase('cdc_embedded');
    url = await createConnectorUser(db);
    await db.pool.query(
      'CREATE TABLE patient (id INT PRIMARY KEY, name VARCHAR(40), balance DECIMAL(10,2))',
    );
    await db.pool.query(
      "INSERT INTO patient VALUES (1, 'Ada', 10.50), (2, 'Ben', 0), (3, 'Cy', 7)",
    );
    connector = new CdcConnector({ config: embeddedConfig(db, url), handlers: [sink.handler] });
    await connector.start();
  });

  after(async () => {
    await connector?.stop();
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('snapshots existing rows as op r, marked first and last, before streaming starts', () => {
    const snap = sink.of('patient');
    assert.deepEqual(ops(snap), ['r', 'r', 'r']);
    assert.deepEqual(
      snap.map((r) => r.value?.source.snapshot),
      ['first', 'true', 'last'],
    );
    assert.deepEqual(snap[0]?.value?.after, { id: 1, name: 'Ada', balance: '10.50' });
    assert.deepEqual(
      snap.map((r) => r.key),
      [{ id: 1 }, { id: 2 }, { id: 3 }],
    );
  });

  it('streams insert, update, delete (with tombstone), key change and truncate in order', async () => {
    const from = sink.records.length;
    await db.pool.query("INSERT INTO patient VALUES (4, 'Dee', 1)");
    await db.pool.query("UPDATE patient SET name = 'Ada L' WHERE id = 1");
    await db.pool.query('DELETE FROM patient WHERE id = 2');
    await db.pool.query('UPDATE patient SET id = 30 WHERE id = 3');
    await db.pool.query('TRUNCATE TABLE patient');
    await sink.waitFor('the truncate', () => sink.records.some((r) => r.value?.op === 't'));
    const got = sink.records.slice(from).filter((r) => r.topic.endsWith('.patient'));
    assert.deepEqual(ops(got), ['c', 'u', 'd', 'tombstone', 'd', 'tombstone', 'c', 't']);
    const [c, u, d, tomb, kd, ktomb, kc, t] = got;
    assert.equal(c?.topic, `${connector.config.serverName}.${db.name}.patient`);
    assert.deepEqual(u?.value?.before, { id: 1, name: 'Ada', balance: '10.50' });
    assert.deepEqual(u?.value?.after, { id: 1, name: 'Ada L', balance: '10.50' });
    assert.deepEqual([d?.key, tomb?.key, tomb?.value], [{ id: 2 }, { id: 2 }, null]);
    assert.deepEqual([kd?.key, ktomb?.key, kc?.key], [{ id: 3 }, { id: 3 }, { id: 30 }]);
    assert.equal(t?.key, null);
    assert.equal(c?.value?.source.snapshot, 'false');
    assert.match(c?.value?.source.gtid ?? '', /^\d+-\d+-\d+$/);
  });

  it('gives every record a distinct idempotency key and multi-row transactions their order', async () => {
    const from = sink.records.length;
    const conn = await db.pool.getConnection();
    try {
      await conn.beginTransaction();
      for (let id = 100; id < 105; id++)
        await conn.query('INSERT INTO patient VALUES (?, ?, 0)', [id, `p${id}`]);
      await conn.commit();
    } finally {
      conn.release();
    }
    await sink.waitFor(
      'five inserts',
      () => sink.of('patient').filter((r) => Number(r.key?.id) >= 100).length === 5,
    );
    const txn = sink.records.slice(from).filter((r) => r.topic.endsWith('.patient'));
    assert.deepEqual(
      txn.map((r) => r.value?.transaction?.total_order),
      [1, 2, 3, 4, 5],
    );
    assert.equal(new Set(txn.map((r) => r.value?.transaction?.id)).size, 1);
    const keys = sink.records.map((r) => r.headers[IDEMPOTENCY_HEADER]).filter(Boolean);
    assert.equal(new Set(keys).size, keys.length, 'idempotency keys are unique');
  });

  it('publishes a schema change event on the <serverName> topic for DDL', async () => {
    await db.pool.query('ALTER TABLE patient ADD COLUMN phone VARCHAR(20)');
    await db.pool.query("INSERT INTO patient VALUES (200, 'Eve', 0, '555')");
    await sink.waitFor('the row after the ALTER', () =>
      sink.of('patient').some((r) => r.key?.id === 200),
    );
    // The snapshot's own schema change events (source.snapshot "true") come first.
    const ddl = sink.records.find(
      (r) => r.topic === connector.config.serverName && r.value?.source.snapshot === 'false',
    );
    assert.ok(ddl, 'a schema change record');
    assert.match(String((ddl.value as unknown as { ddl: string }).ddl), /ADD COLUMN phone/);
    const row = sink.of('patient').find((r) => r.key?.id === 200);
    assert.deepEqual(row?.value?.after, { id: 200, name: 'Eve', balance: '0.00', phone: '555' });
  });

  it('commits offsets that name the binlog position after the last delivered change', async () => {
    // The commit after the last row is its own (empty) entry: it may land a moment after the row.
    let status = await connector.status();
    for (let i = 0; i < 200 && status.position?.eventsToSkip !== 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = await connector.status();
    }
    assert.equal(status.state, 'streaming');
    assert.ok(status.position?.file.startsWith('binlog.'));
    assert.equal(status.position?.eventsToSkip, 0);
    assert.ok((status.lagMs.samples ?? 0) > 0);
  });
});
