import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import {
  createTestDatabase,
  testKafka,
  testKafkaBrokers,
  testMysqlUrl,
  type TestDatabase,
} from '@ficus/testing';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import type { SchemaChangeValue } from '../src/schema/schema-change-event';
import {
  Collector,
  consumeTopic,
  createConnectorUser,
  dropConnectorUser,
  embeddedConfig,
} from './cdc-harness';

const ops = (records: ChangeRecord[]): string[] => records.map((r) => r.value?.op ?? 'tombstone');

interface BinlogEventRow {
  pos: number;
  type: string;
  info: string;
}

/** The binlog's own account of its events from a position on (the connector user cannot ask). */
async function binlogEvents(pool: Pool, file: string, from: number): Promise<BinlogEventRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(`SHOW BINLOG EVENTS IN ? FROM ${from}`, [file]);
  return rows.map((r) => ({
    pos: Number(r.Pos),
    type: String(r.Event_type),
    info: String(r.Info),
  }));
}

async function binlogNow(pool: Pool): Promise<{ file: string; pos: number }> {
  const [[status]] = await pool.query<RowDataPacket[]>('SHOW MASTER STATUS');
  return { file: String(status?.File), pos: Number(status?.Position) };
}

describe('event structure: keys, transaction blocks, positions and schema changes as Debezium has them', () => {
  let db: TestDatabase;
  let url: string;
  let config: ConnectorConfig;
  let connector: CdcConnector;
  /** Root without a default database, as an operator's session may be. */
  let bare: Pool;
  const sink = new Collector();

  const schemaEvents = (): SchemaChangeValue[] =>
    sink.records
      .filter((r) => r.topic === config.serverName)
      .map((r) => r.value as unknown as SchemaChangeValue);

  before(async () => {
    db = await createTestDatabase('cdc_structure');
    url = await createConnectorUser(db);
    bare = createPool({ uri: testMysqlUrl(), connectionLimit: 1 });
    await db.pool.query('CREATE TABLE keyed (id INT PRIMARY KEY, v INT)');
    await db.pool.query('INSERT INTO keyed VALUES (1, 1), (2, 2)');
    await db.pool.query(
      'CREATE TABLE ukey (code VARCHAR(10) NOT NULL, note VARCHAR(20), UNIQUE KEY uk (code))',
    );
    await db.pool.query("INSERT INTO ukey VALUES ('a', 'first')");
    await db.pool.query(
      "CREATE TABLE shape (id INT PRIMARY KEY, n INT(5) UNSIGNED ZEROFILL, e ENUM('Red','green'), s SET('Alpha','beta'))",
    );
    config = embeddedConfig(db, url);
    connector = new CdcConnector({ config, handlers: [sink.handler] });
    await connector.start();
  });

  after(async () => {
    await connector?.stop();
    await bare?.end();
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('starts the snapshot with one schema change event per table, before any row', () => {
    const events = schemaEvents();
    const ids = events.map((e) => e.tableChanges[0]?.id);
    for (const table of ['keyed', 'ukey', 'shape'])
      assert.ok(ids.includes(`"${db.name}"."${table}"`), `a schema change event for ${table}`);
    for (const event of events) {
      assert.equal(event.source.snapshot, 'true');
      assert.equal(event.databaseName, db.name);
      assert.match(event.ddl, /^CREATE TABLE `/);
      assert.equal(event.tableChanges[0]?.type, 'CREATE');
    }
    const firstRow = sink.records.findIndex((r) => r.value?.op === 'r');
    const lastSchema = sink.records.findLastIndex((r) => r.topic === config.serverName);
    assert.ok(lastSchema < firstRow, 'the schema change events come before the rows');
  });

  it('describes UNSIGNED ZEROFILL columns as such and keeps ENUM and SET members as defined', () => {
    const shape = schemaEvents().find((e) => e.tableChanges[0]?.id === `"${db.name}"."shape"`);
    const columns = shape?.tableChanges[0]?.table?.columns ?? [];
    const byName = new Map(columns.map((c) => [c.name, c]));
    assert.equal(byName.get('n')?.typeName, 'INT UNSIGNED ZEROFILL');
    assert.equal(byName.get('n')?.typeExpression, 'INT(5) UNSIGNED ZEROFILL');
    assert.equal(byName.get('e')?.typeExpression, "ENUM('Red','green')");
    assert.deepEqual(byName.get('e')?.enumValues, ['Red', 'green']);
    assert.equal(byName.get('s')?.typeExpression, "SET('Alpha','beta')");
  });

  it('keys a table without a primary key by its unique NOT NULL key, moving the row when it changes', async () => {
    assert.deepEqual(sink.of('ukey')[0]?.key, { code: 'a' });
    await db.pool.query("UPDATE ukey SET code = 'b' WHERE code = 'a'");
    await sink.waitFor('the moved row', () => sink.of('ukey').length === 4);
    const moved = sink.of('ukey').slice(1);
    assert.deepEqual(ops(moved), ['d', 'tombstone', 'c']);
    assert.deepEqual(
      moved.map((r) => r.key),
      [{ code: 'a' }, { code: 'a' }, { code: 'b' }],
    );
  });

  it('numbers the delete of a primary-key change before its create in the transaction', async () => {
    const from = sink.records.length;
    await db.pool.query('UPDATE keyed SET id = 20 WHERE id = 2');
    await sink.waitFor('the key change', () => sink.records.slice(from).length === 3);
    const [deleted, tombstone, created] = sink.records.slice(from);
    assert.deepEqual(ops([deleted!, tombstone!, created!]), ['d', 'tombstone', 'c']);
    assert.equal(deleted?.value?.transaction?.total_order, 1);
    assert.equal(created?.value?.transaction?.total_order, 2);
    assert.equal(created?.value?.transaction?.data_collection_order, 2);
  });

  it('gives a row its own row event position in source.pos, unique within the transaction', async () => {
    const start = await binlogNow(db.pool);
    const from = sink.records.length;
    const conn = await db.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query('INSERT INTO keyed VALUES (30, 0)');
      await conn.query('INSERT INTO keyed VALUES (31, 0)');
      await conn.commit();
    } finally {
      conn.release();
    }
    await sink.waitFor('two inserts', () => sink.records.slice(from).length === 2);
    const inserts = sink.records.slice(from);
    const rowEvents = (await binlogEvents(db.pool, start.file, start.pos)).filter((e) =>
      e.type.startsWith('Write_rows'),
    );
    const positions = inserts.map((r) => r.value?.source.pos);
    assert.notEqual(positions[0], positions[1]);
    for (const pos of positions)
      assert.ok(
        rowEvents.some((e) => e.pos === pos),
        `source.pos ${pos} is a Write_rows event's position`,
      );
    assert.equal(inserts[0]?.value?.source.gtid, inserts[1]?.value?.source.gtid);
  });

  it('gives a truncate its transaction block', async () => {
    await db.pool.query('CREATE TABLE emptied (id INT PRIMARY KEY)');
    await db.pool.query('INSERT INTO emptied VALUES (1)');
    await db.pool.query('TRUNCATE TABLE emptied');
    await sink.waitFor('the truncate', () => sink.of('emptied').some((r) => r.value?.op === 't'));
    const truncate = sink.of('emptied').find((r) => r.value?.op === 't');
    const gtid = truncate?.value?.source.gtid;
    assert.ok(gtid);
    assert.deepEqual(truncate?.value?.transaction, {
      id: gtid,
      total_order: 1,
      data_collection_order: 1,
    });
  });

  it('moves the position past statements it ignores, so a schema change carries its own', async () => {
    const start = await binlogNow(db.pool);
    const conn = await db.pool.getConnection();
    try {
      await conn.query('ANALYZE TABLE keyed');
      await conn.query('OPTIMIZE TABLE keyed');
      await conn.query('REPAIR TABLE keyed');
      await conn.query('ALTER TABLE keyed ADD COLUMN w INT');
    } finally {
      conn.release();
    }
    await sink.waitFor('the ALTER', () =>
      schemaEvents().some((e) => e.ddl.includes('ADD COLUMN w')),
    );
    const record = sink.records.find(
      (r) =>
        r.topic === config.serverName &&
        (r.value as unknown as SchemaChangeValue).ddl.includes('ADD COLUMN w'),
    );
    const events = await binlogEvents(db.pool, start.file, start.pos);
    const alter = events.findIndex((e) => e.type === 'Query' && e.info.includes('ADD COLUMN w'));
    const gtidEvent = events.slice(0, alter).findLast((e) => e.type === 'Gtid');
    assert.equal(record?.position.pos, gtidEvent?.pos, 'resumes from the ALTER’s own group');
    assert.equal(record?.value?.source.pos, events[alter]?.pos, 'source.pos is the statement’s');
  });

  it('turns DROP TABLE of several tables into one schema change event per table', async () => {
    for (const t of ['d1', 'd2', 'd3'])
      await db.pool.query(`CREATE TABLE ${t} (id INT PRIMARY KEY)`);
    await db.pool.query('DROP TABLE d1, d2, d3');
    await sink.waitFor('three drops', () =>
      schemaEvents().some(
        (e) => e.tableChanges[0]?.id === `"${db.name}"."d3"` && e.tableChanges[0].type === 'DROP',
      ),
    );
    const drops = schemaEvents().filter((e) => e.tableChanges[0]?.type === 'DROP');
    assert.deepEqual(
      drops.map((e) => [e.ddl, e.tableChanges.length, e.tableChanges[0]?.id]),
      ['d1', 'd2', 'd3'].map((t) => [
        `DROP TABLE \`${db.name}\`.\`${t}\``,
        1,
        `"${db.name}"."${t}"`,
      ]),
    );
  });

  it('captures a DDL that names its database, whatever the session’s default database', async () => {
    await bare.query(`ALTER TABLE \`${db.name}\`.keyed ADD COLUMN elsewhere INT`);
    await sink.waitFor('the qualified ALTER', () =>
      schemaEvents().some((e) => e.ddl.includes('ADD COLUMN elsewhere')),
    );
    const event = schemaEvents().find((e) => e.ddl.includes('ADD COLUMN elsewhere'));
    assert.equal(event?.databaseName, db.name);
    assert.equal(event?.source.db, db.name);
  });

  it('never captures its own offsets table, whose every commit would be a change to commit', () => {
    assert.ok(sink.records.length > 0);
    assert.deepEqual(sink.of('ficus_cdc_offsets'), []);
  });

  it('keys rows by the binlog’s key of the moment, though the table was renamed, dropped or re-keyed before they were read', async () => {
    await connector.stop();
    const from = sink.records.length;
    await db.pool.query('CREATE TABLE gone (id INT PRIMARY KEY, v INT)');
    await db.pool.query('INSERT INTO gone VALUES (1, 1)');
    await db.pool.query('RENAME TABLE gone TO gone2');
    await db.pool.query('INSERT INTO gone2 VALUES (2, 2)');
    await db.pool.query('DROP TABLE gone2');
    await db.pool.query('CREATE TABLE later (id INT NOT NULL, v INT)');
    await db.pool.query('INSERT INTO later VALUES (3, 3)');
    await db.pool.query('ALTER TABLE later ADD PRIMARY KEY (id)');
    await db.pool.query('INSERT INTO later VALUES (4, 4)');
    connector = new CdcConnector({ config, handlers: [sink.handler] });
    await connector.start();
    await sink.waitFor('every row', () => sink.of('later').length === 2);
    const rows = sink.records.slice(from).filter((r) => r.value?.op === 'c');
    assert.deepEqual(
      rows.map((r) => r.key),
      [{ id: 1 }, { id: 2 }, null, { id: 4 }],
      'a row written before the table had a key has none',
    );
  });
});

describe('topic names: a table name Kafka would refuse is sanitised as Debezium does', () => {
  let db: TestDatabase;
  let url: string;
  let connector: CdcConnector;
  const acked = new Collector();

  before(async () => {
    db = await createTestDatabase('cdc_topic_names');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE `odd$name` (id INT PRIMARY KEY)');
    await db.pool.query('CREATE TABLE `café` (id INT PRIMARY KEY)');
    const config = embeddedConfig(db, url, {
      transport: { kind: 'kafka', brokers: testKafkaBrokers(), partitions: 1 },
    });
    connector = new CdcConnector({
      config,
      onAcknowledged: (records: ChangeRecord[]) => void acked.handler(records),
    });
    await connector.start();
    await db.pool.query('INSERT INTO `odd$name` VALUES (1)');
    await db.pool.query('INSERT INTO `café` VALUES (2)');
  });

  after(async () => {
    await connector?.stop();
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('replaces each character outside [a-zA-Z0-9._-] with _, and Kafka takes the topic', async () => {
    const prefix = `${connector.config.serverName}.${db.name}`;
    const kafka = testKafka('cdc-topic-names-test');
    const odd = await consumeTopic(kafka, `${prefix}.odd_name`, 1);
    const accented = await consumeTopic(kafka, `${prefix}.caf_`, 1);
    const tables = [odd[0], accented[0]].map(
      (m) => (JSON.parse(m?.value ?? 'null') as { source: { table: string } }).source.table,
    );
    assert.deepEqual(tables, ['odd$name', 'café'], 'source.table keeps the real name');
  });
});
