import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableSchema } from '../schema/table-schema';
import { chunkQuery } from './chunk-query';

const table = (primaryKey: string[]): TableSchema => ({
  database: 'clinic',
  table: 'visit',
  columns: [],
  primaryKey,
});

describe('chunkQuery (keyset pagination)', () => {
  it('starts at the first key and continues after the last key read', () => {
    assert.deepEqual(chunkQuery(table(['id']), undefined, 10), {
      sql: 'SELECT * FROM `clinic`.`visit` ORDER BY `id` LIMIT ?',
      params: [10],
    });
    assert.deepEqual(chunkQuery(table(['id']), [42], 10).params, [42, 10]);
  });

  it('compares a composite key column by column, so index range scans apply', () => {
    const q = chunkQuery(table(['a', 'b']), [1, 2], 5);
    assert.equal(
      q.sql,
      'SELECT * FROM `clinic`.`visit` WHERE (`a` > ?) OR (`a` = ? AND `b` > ?) ORDER BY `a`, `b` LIMIT ?',
    );
    assert.deepEqual(q.params, [1, 1, 2, 5]);
  });
});
