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

const source = { db: 'clinic', table: 'PATIENT_MST' };

describe('rowChangeOf', () => {
  it('keeps row changes of the table and drops everything else the transport hands over', () => {
    for (const op of ['c', 'u', 'd', 'r']) {
      assert.ok(rowChangeOf(record({ op, source }), 'clinic', 'PATIENT_MST'), op);
    }
    const others = [
      record(null),
      record({ ts_ms: 1 }),
      record({ op: 't', source }),
      record({ op: 'c', source: { db: 'clinic', table: 'PRAC_MST' } }),
      record({ op: 'c', source: { db: 'other', table: 'PATIENT_MST' } }),
      record({ databaseName: 'clinic', ddl: 'ALTER TABLE PATIENT_MST ...', source }),
    ];
    for (const r of others) assert.equal(rowChangeOf(r, 'clinic', 'PATIENT_MST'), undefined);
  });
});
