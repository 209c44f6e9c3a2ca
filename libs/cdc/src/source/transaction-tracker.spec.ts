import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import type { StoredOffset } from '../offsets/stored-offset';
import { comparePositions, TransactionTracker } from './transaction-tracker';

const record = (id: number): ChangeRecord =>
  ({ topic: 't', key: { id }, value: null, headers: {} }) as unknown as ChangeRecord;

/** An XA prepare group from `at` to `end`, with one captured record. */
function prepareXa(
  t: TransactionTracker,
  gtid: string,
  xid: string,
  end: number,
  id: number,
): void {
  t.begin(gtid, null, true);
  t.nextRowEvent();
  assert.equal(t.holdForXa([record(id)]), true);
  t.prepared(xid, end);
}

const start: StoredOffset = {
  file: 'binlog.000007',
  pos: 400,
  gtid: null,
  gtidSet: '0-1-10',
  eventsToSkip: 0,
  rowsToSkip: 0,
  snapshotCompleted: true,
  tsMs: 0,
};

describe('TransactionTracker', () => {
  it('names the boundary before a transaction as its resume point, with the row events done', () => {
    const t = new TransactionTracker(start);
    t.begin('0-1-11', null);
    t.nextRowEvent();
    t.nextRowEvent();
    assert.deepEqual(
      {
        file: t.offset(0).file,
        pos: t.offset(0).pos,
        gtid: t.offset(0).gtid,
        events: t.offset(0).eventsToSkip,
      },
      { file: 'binlog.000007', pos: 400, gtid: '0-1-11', events: 2 },
    );
    t.commit(900);
    assert.deepEqual(
      [t.offset(0).pos, t.offset(0).eventsToSkip, t.offset(0).gtidSet],
      [900, 0, '0-1-11'],
    );
  });

  it('skips, after a restart, exactly the row events of the same transaction already delivered', () => {
    const t = new TransactionTracker({ ...start, gtid: '0-1-11', eventsToSkip: 2, rowsToSkip: 3 });
    t.begin('0-1-11', null);
    const plans = [t.nextRowEvent(), t.nextRowEvent(), t.nextRowEvent(), t.nextRowEvent()];
    assert.deepEqual(
      plans.map((p) => Math.min(p.firstRow, 99)),
      [99, 99, 3, 0],
    );
    assert.deepEqual(
      plans.map((p) => p.position.eventsToSkip),
      [0, 1, 2, 3],
      'positions keep the event index of the first delivery',
    );
  });

  it('skips nothing when the first transaction read is another one', () => {
    const t = new TransactionTracker({ ...start, gtid: '0-1-11', eventsToSkip: 2 });
    t.begin('0-1-12', null);
    assert.equal(t.nextRowEvent().firstRow, 0);
  });

  it('follows rotations, and ignores positions of 0 (inside MariaDB transactions)', () => {
    const t = new TransactionTracker(start);
    t.rotate('binlog.000008', 4);
    t.passed(0);
    t.passed(256);
    assert.deepEqual(t.position, { file: 'binlog.000008', pos: 256 });
  });

  it('holds a prepared XA transaction: offsets keep its start until XA COMMIT hands its records over', () => {
    const t = new TransactionTracker(start);
    const txn = t.begin('0-1-11', null, true);
    t.nextRowEvent();
    assert.deepEqual(
      [t.offset(0).pos, t.offset(0).eventsToSkip, t.offset(0).preparedXaFrom],
      [400, 0, null],
      'inside the prepare group nothing was published: a restart reads it whole',
    );
    txn.xaRecords!.push(record(1));
    t.prepared('61.00.1', 700);
    t.begin('0-1-12', null);
    t.commit(900);
    assert.deepEqual(t.offset(0).preparedXaFrom, { file: 'binlog.000007', pos: 400 });
    assert.equal(t.offset(0).pos, 900, 'transactions after it move the position on');
    assert.equal(t.heldCount, 1);
    assert.deepEqual(
      t.ended('61.00.1')?.inMemory.map((r) => r.key),
      [{ id: 1 }],
    );
    assert.equal(t.offset(0).preparedXaFrom, null);
    assert.equal(t.ended('61.00.1'), undefined, 'an XID ends once');
  });

  it('holds nothing for a prepare group that captured no rows', () => {
    const t = new TransactionTracker(start);
    t.begin('0-1-11', null, true);
    t.prepared('61.00.1', 700);
    assert.deepEqual([t.heldCount, t.offset(0).preparedXaFrom, t.offset(0).pos], [0, null, 700]);
  });

  it('pins the oldest of several held transactions, and moves on when it ends', () => {
    const t = new TransactionTracker(start);
    prepareXa(t, '0-1-11', 'a', 700, 1);
    prepareXa(t, '0-1-12', 'b', 900, 2);
    assert.equal(t.offset(0).preparedXaFrom?.pos, 400);
    t.ended('a');
    assert.equal(t.offset(0).preparedXaFrom?.pos, 700);
  });

  it('after a restart, reads from the held start and replays only up to the stored position', () => {
    const stored: StoredOffset = {
      ...start,
      pos: 1200,
      gtid: '0-1-14',
      gtidSet: '0-1-13',
      eventsToSkip: 1,
      preparedXaFrom: { file: 'binlog.000007', pos: 400 },
    };
    const t = new TransactionTracker(stored);
    assert.deepEqual(t.position, { file: 'binlog.000007', pos: 400 });
    assert.equal(t.replaying, true);
    prepareXa(t, '0-1-11', 'a', 700, 1);
    t.begin('0-1-12', null);
    assert.equal(
      t.nextRowEvent().firstRow,
      0,
      'the skip counts are not for a replayed transaction',
    );
    t.commit(900);
    prepareXa(t, '0-1-13', 'b', 1100, 2);
    t.ended('b');
    assert.deepEqual(
      t.offset(5),
      { ...stored, tsMs: 5 },
      'while replaying, the stored offset holds',
    );
    t.passed(1200);
    assert.equal(t.replaying, false);
    t.begin('0-1-14', null);
    assert.equal(
      t.nextRowEvent().firstRow,
      Number.MAX_SAFE_INTEGER,
      'the resumed one skips its first',
    );
    assert.deepEqual(
      [
        t.offset(0).pos,
        t.offset(0).eventsToSkip,
        t.offset(0).preparedXaFrom?.pos,
        t.offset(0).gtidSet,
      ],
      [1200, 1, 400, '0-1-13'],
      'a held transaction gathered in the replay is pinned again; the GTID set is the stored one',
    );
  });

  it('orders positions by the binlog file number, then by offset', () => {
    const at = (file: string, pos: number) => ({ file, pos });
    assert.ok(comparePositions(at('binlog.000009', 900), at('binlog.000010', 4)) < 0);
    assert.ok(comparePositions(at('binlog.999999', 900), at('binlog.1000000', 4)) < 0);
    assert.ok(comparePositions(at('binlog.000010', 900), at('binlog.000010', 400)) > 0);
    assert.equal(comparePositions(at('binlog.000010', 400), at('binlog.000010', 400)), 0);
  });

  it('numbers change events across tables and record batches, from 1, per transaction', () => {
    const t = new TransactionTracker(start);
    assert.equal(t.transactionBlock('db.a'), null, 'outside a transaction');
    t.begin('0-1-11', null);
    assert.deepEqual(t.transactionBlock('db.a'), {
      id: '0-1-11',
      total_order: 1,
      data_collection_order: 1,
    });
    t.ordered('db.a', 2);
    t.ordered('db.b', 1);
    assert.deepEqual(t.transactionBlock('db.a'), {
      id: '0-1-11',
      total_order: 4,
      data_collection_order: 3,
    });
    t.commit(500);
    t.begin('0-1-12', null);
    assert.equal(t.transactionBlock('db.a')?.total_order, 1);
  });

  it('ends a standalone statement group that yields nothing at the statement', () => {
    const t = new TransactionTracker(start);
    t.begin('0-1-11', null, false, true);
    assert.equal(t.transaction?.standalone, true);
    t.commit(520);
    t.begin('0-1-12', null, false, true);
    assert.deepEqual(t.transaction?.start, { file: 'binlog.000007', pos: 520 });
  });

  it('treats a group with BEGIN as a transaction, not a standalone statement', () => {
    const t = new TransactionTracker(start);
    t.begin('0-1-11', null, false, true);
    t.begin('0-1-11', 7);
    assert.equal(t.transaction?.standalone, false);
  });

  it('keeps marks and emitted flags on the open transaction only', () => {
    const t = new TransactionTracker(start);
    t.markSkipped();
    t.emitted();
    assert.equal(t.holdForXa([record(1)]), false, 'no XA group open');
    t.begin('0-1-11', null);
    t.markSkipped();
    t.emitted();
    assert.equal(t.transaction?.marked, true);
    assert.equal(t.commit(500), true, 'its commit needs an offset');
  });
});
