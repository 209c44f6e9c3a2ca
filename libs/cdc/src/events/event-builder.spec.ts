import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER, type BinlogPosition } from '@ficus/contracts';
import type { TableSchema } from '../schema/table-schema';
import { buildRowChanges, buildTruncate, type RowChangeInput } from './event-builder';

const schema: TableSchema = {
  database: 'clinic',
  table: 'visit',
  columns: [
    {
      name: 'note',
      dataType: 'varchar',
      columnType: 'varchar(20)',
      nullable: true,
      unsigned: false,
    },
    { name: 'site', dataType: 'int', columnType: 'int', nullable: false, unsigned: false },
    { name: 'id', dataType: 'int', columnType: 'int', nullable: false, unsigned: false },
  ],
  primaryKey: ['site', 'id'],
};
const position: BinlogPosition = {
  file: 'binlog.000003',
  pos: 4,
  gtid: '0-1-42',
  eventsToSkip: 2,
  rowsToSkip: 0,
};

function build(
  kind: RowChangeInput['kind'],
  rows: RowChangeInput['rows'],
  overrides: Partial<RowChangeInput> = {},
) {
  return buildRowChanges({
    prefix: 'ficus',
    serverName: 'ficus',
    schema,
    kind,
    rows,
    position,
    tsMs: 1_000,
    serverId: 1,
    thread: 7,
    snapshot: 'false',
    transaction: null,
    nowMs: 2_000,
    ...overrides,
  });
}

const row = (id: number, note = 'n') => ({ note, site: 3, id });

describe('buildRowChanges', () => {
  it('an insert is one c record on <prefix>.<db>.<table>, keyed by the primary key in key order', () => {
    const [record, ...rest] = build('insert', [{ after: row(1) }]);
    assert.equal(rest.length, 0);
    assert.equal(record?.topic, 'ficus.clinic.visit');
    assert.deepEqual(Object.keys(record?.key ?? {}), ['site', 'id']);
    assert.deepEqual(record?.key, { site: 3, id: 1 });
    assert.equal(record?.partitionKey, '{"site":3,"id":1}');
    assert.deepEqual(record?.value, {
      before: null,
      after: { note: 'n', site: 3, id: 1 },
      source: {
        version: record?.value?.source.version,
        connector: 'mysql',
        name: 'ficus',
        ts_ms: 1_000,
        snapshot: 'false',
        db: 'clinic',
        table: 'visit',
        server_id: 1,
        gtid: '0-1-42',
        file: 'binlog.000003',
        pos: 4,
        row: 0,
        thread: 7,
        query: null,
      },
      op: 'c',
      ts_ms: 2_000,
      transaction: null,
    });
  });

  it('a delete is d then a tombstone (null value) under the same key', () => {
    const records = build('delete', [{ before: row(1) }]);
    assert.deepEqual(
      records.map((r) => r.value?.op ?? null),
      ['d', null],
    );
    assert.deepEqual(
      records.map((r) => r.key),
      [
        { site: 3, id: 1 },
        { site: 3, id: 1 },
      ],
    );
    assert.deepEqual(records[0]?.value?.before, row(1));
    assert.equal(records[0]?.value?.after, null);
  });

  it('an update that keeps the key is one u with before and after', () => {
    const records = build('update', [{ before: row(1, 'old'), after: row(1, 'new') }]);
    assert.deepEqual(
      records.map((r) => r.value?.op),
      ['u'],
    );
    assert.deepEqual(records[0]?.value?.before, row(1, 'old'));
    assert.deepEqual(records[0]?.value?.after, row(1, 'new'));
  });

  it('a primary-key change is d + tombstone under the old key, then c under the new one', () => {
    const records = build('update', [{ before: row(1), after: row(9) }]);
    assert.deepEqual(
      records.map((r) => [r.value?.op ?? null, r.key]),
      [
        ['d', { site: 3, id: 1 }],
        [null, { site: 3, id: 1 }],
        ['c', { site: 3, id: 9 }],
      ],
    );
    assert.equal(records[0]?.headers['__debezium.newkey'], '{"site":3,"id":9}');
    assert.equal(records[2]?.headers['__debezium.oldkey'], '{"site":3,"id":1}');
  });

  it('source.row is the row index in the event, counted from position.rowsToSkip', () => {
    const resumed = build('insert', [{ after: row(3) }, { after: row(4) }], {
      position: { ...position, rowsToSkip: 2 },
    });
    assert.deepEqual(
      resumed.map((r) => r.value?.source.row),
      [2, 3],
    );
  });

  it('each record resumes after itself; a row is passed only once its last record is out', () => {
    const records = build('delete', [{ before: row(1) }, { before: row(2) }]);
    assert.deepEqual(
      records.map((r) => r.position.rowsToSkip),
      [0, 1, 1, 2],
    );
    assert.ok(
      records.every((r) => r.position.eventsToSkip === 2 && r.position.file === position.file),
    );
  });

  it('idempotency keys are deterministic, distinct per record, and built from gtid or file:pos', () => {
    const rows = [{ before: row(1), after: row(9) }];
    const first = build('update', rows).map((r) => r.headers[IDEMPOTENCY_HEADER]);
    const again = build('update', rows, { nowMs: 99_999 }).map(
      (r) => r.headers[IDEMPOTENCY_HEADER],
    );
    assert.deepEqual(first, again);
    assert.deepEqual(first, ['0-1-42:2:0:d', '0-1-42:2:0:tombstone', '0-1-42:2:0:c']);
    const anonymous = build('insert', [{ after: row(1) }], {
      position: { ...position, gtid: null },
    });
    assert.equal(anonymous[0]?.headers[IDEMPOTENCY_HEADER], 'binlog.000003:4:2:0:c');
  });

  it('transaction orders count on from the first record, skipping tombstones', () => {
    const records = build('delete', [{ before: row(1) }, { before: row(2) }], {
      transaction: { id: 'tx', total_order: 5, data_collection_order: 2 },
    });
    assert.deepEqual(
      records.map((r) => r.value?.transaction ?? null),
      [
        { id: 'tx', total_order: 5, data_collection_order: 2 },
        null,
        { id: 'tx', total_order: 6, data_collection_order: 3 },
        null,
      ],
    );
  });

  it('a keyless table has a null key and partitions by table to keep its order', () => {
    const records = build('read', [{ after: row(1) }], { schema: { ...schema, primaryKey: [] } });
    assert.equal(records[0]?.key, null);
    assert.equal(records[0]?.value?.op, 'r');
    assert.equal(records[0]?.partitionKey, 'ficus.clinic.visit');
  });
});

describe('buildTruncate', () => {
  it('is one op t record without key, before or after, at the statement position', () => {
    const [record, ...rest] = buildTruncate({
      prefix: 'ficus',
      serverName: 'ficus',
      schema,
      position,
      tsMs: 1_000,
      serverId: 1,
      thread: null,
      transaction: null,
    });
    assert.equal(rest.length, 0);
    assert.equal(record?.key, null);
    assert.equal(record?.value?.op, 't');
    assert.deepEqual([record?.value?.before, record?.value?.after], [null, null]);
    assert.deepEqual(record?.position, position);
    assert.equal(record?.headers[IDEMPOTENCY_HEADER], '0-1-42:2:0:t');
  });
});
