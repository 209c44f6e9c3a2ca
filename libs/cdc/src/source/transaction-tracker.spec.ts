import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredOffset } from '../offsets/stored-offset';
import { TransactionTracker } from './transaction-tracker';

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
});
