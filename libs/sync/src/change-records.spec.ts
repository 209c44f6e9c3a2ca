import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import { rowChangeOf } from './change-records';

function record(value: unknown): ChangeRecord {
  return {
    topic: 't',
    key: null,
    value: value as ChangeRecord['value'],
    headers: {},
    position: { file: 'binlog.000001', pos: 4, gtid: null, eventsToSkip: 0, rowsToSkip: 0 },
    partitionKey: '',
  };
}

const source = { db: 'legacy', table: 'CUST_MST' };
const tables = new Set(['legacy.CUST_MST', 'legacy.ORD_TRN']);

describe('rowChangeOf', () => {
  it('keeps row changes of the tables and drops everything else the transport hands over', () => {
    for (const op of ['c', 'u', 'd', 'r']) {
      assert.ok(rowChangeOf(record({ op, source }), tables), op);
    }
    const others = [
      record(null),
      record({ ts_ms: 1 }),
      record({ op: 't', source }),
      record({ op: 'c', source: { db: 'legacy', table: 'PROD_MST' } }),
      record({ op: 'c', source: { db: 'other', table: 'CUST_MST' } }),
      record({ databaseName: 'legacy', ddl: 'ALTER TABLE CUST_MST ...', source }),
    ];
    for (const r of others) assert.equal(rowChangeOf(r, tables), undefined);
    const second = { db: 'legacy', table: 'ORD_TRN' };
    assert.ok(rowChangeOf(record({ op: 'u', source: second }), tables), 'every listed table');
  });
});
