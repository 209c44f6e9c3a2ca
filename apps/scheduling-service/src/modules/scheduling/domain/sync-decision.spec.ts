import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortableSourcePosition } from './source-position';
import { decideUpsert } from './sync-decision';

const at = (file: string, pos: number, row = 0) => sortableSourcePosition({ file, pos, row });

describe('sync decisions', () => {
  it('orders binlog positions across files, positions and rows', () => {
    assert.ok(at('mysql-bin.999999', 4) < at('mysql-bin.1000000', 4));
    assert.ok(at('mysql-bin.000002', 99) < at('mysql-bin.000002', 100));
    assert.ok(at('mysql-bin.000002', 100, 1) < at('mysql-bin.000002', 100, 2));
    assert.ok(at('', 0, 5) < at('mysql-bin.000001', 4), 'an import precedes every change');
  });

  it('applies a later change, skips a redelivery and an earlier one', () => {
    const stored = { record: { id: 1, v: 'a' }, sourcePosition: at('mysql-bin.000002', 100) };
    assert.equal(decideUpsert(undefined, { id: 1, v: 'a' }, at('mysql-bin.000002', 100)), 'insert');
    assert.equal(decideUpsert(stored, { id: 1, v: 'b' }, at('mysql-bin.000002', 200)), 'update');
    assert.equal(
      decideUpsert(stored, { id: 1, v: 'a' }, at('mysql-bin.000002', 200)),
      'skip-duplicate',
    );
    assert.equal(decideUpsert(stored, { id: 1, v: 'b' }, at('mysql-bin.000002', 50)), 'skip-stale');
    assert.equal(
      decideUpsert(
        { ...stored, sourcePosition: null },
        { id: 1, v: 'b' },
        at('mysql-bin.000001', 4),
      ),
      'update',
      "the clinic's row overrides the service's own write while it is the system of record",
    );
  });

  it('lets a version decide before the binlog order when records carry one', () => {
    const version = (r: { version: number }) => r.version;
    const stored = { record: { version: 3 }, sourcePosition: at('mysql-bin.000002', 100) };
    assert.equal(
      decideUpsert(stored, { version: 2 }, at('mysql-bin.000009', 4), version),
      'skip-stale',
    );
    assert.equal(
      decideUpsert(stored, { version: 4 }, at('mysql-bin.000001', 4), version),
      'update',
    );
  });
});
