import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FicusError } from '@ficus/core';
import type { CapturedTable } from './binlog-table-map';
import { binlogTableSchema } from './binlog-table-schema';
import type { TableSchema } from './table-schema';

const captured: CapturedTable = {
  database: 'clinic',
  table: 'site',
  columns: [
    { name: 'id', columnType: 'int', charset: null },
    { name: 'g', columnType: 'geometry', charset: null },
    // Pushed off the end of the event's charset list by the spatial column before it.
    { name: 'b', columnType: 'char(2)', charset: undefined },
    { name: 'u', columnType: 'binary(16)', charset: null },
  ],
  primaryKey: ['id'],
};

const live: TableSchema = {
  database: 'clinic',
  table: 'site',
  primaryKey: ['id'],
  columns: [
    { name: 'id', dataType: 'int', columnType: 'int', nullable: false, unsigned: false },
    { name: 'g', dataType: 'geometry', columnType: 'geometry', nullable: true, unsigned: false },
    {
      name: 'b',
      dataType: 'binary',
      columnType: 'binary(2)',
      nullable: true,
      unsigned: false,
      precision: 2,
    },
    { name: 'u', dataType: 'uuid', columnType: 'uuid', nullable: true, unsigned: false },
  ],
};

describe('binlogTableSchema', () => {
  it('takes a column the event left without charset, and its type, from INFORMATION_SCHEMA', () => {
    const [, , b, u] = binlogTableSchema(captured, live).columns;
    assert.equal(b?.columnType, 'binary(2)');
    assert.equal(b?.charset, undefined);
    assert.equal(u?.dataType, 'uuid');
  });

  it('refuses, naming table and column, when that column no longer exists to ask', () => {
    const gone = { ...live, columns: live.columns.filter((c) => c.name !== 'b') };
    assert.throws(
      () => binlogTableSchema(captured, gone),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_CDC_DECODE' &&
        err.message.includes('clinic.site, column "b"'),
    );
  });
});
