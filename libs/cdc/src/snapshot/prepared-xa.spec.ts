import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xaMarks } from './prepared-xa';

const row = (pos: number, type: string, info: string) => ({ pos, type, info });

describe('xaMarks', () => {
  it("reads MariaDB's XA prepare group from its GTID event, and its end from XA COMMIT", () => {
    const rows = [
      row(647, 'Gtid', "XA START X'6131',X'',1 GTID 0-1-3"),
      row(748, 'Table_map', 'table_id: 18 (xat.t)'),
      row(850, 'Query', "XA END X'6131',X'',1"),
      row(933, 'XA_prepare', "XA PREPARE X'6131',X'',1"),
      row(971, 'Gtid', 'BEGIN GTID 0-1-4'),
      row(1201, 'Gtid', 'GTID 0-1-5'),
      row(1245, 'Query', "XA COMMIT X'6131',X'',1"),
    ];
    assert.deepEqual(xaMarks('binlog.000001', rows), [
      { xid: '6131..1', at: { file: 'binlog.000001', pos: 647 }, kind: 'start' },
      { xid: '6131..1', at: { file: 'binlog.000001', pos: 1245 }, kind: 'end' },
    ]);
  });

  it("starts MySQL's prepare group at the GTID event before XA START, even across pages", () => {
    const gtid = row(400, 'Gtid', "SET @@SESSION.GTID_NEXT= 'uuid:7'");
    assert.deepEqual(
      xaMarks('binlog.000002', [gtid, row(480, 'Query', "XA START X'62',X'',1")]).map((m) => m.at),
      [{ file: 'binlog.000002', pos: 400 }],
    );
    assert.deepEqual(
      xaMarks('binlog.000002', [row(480, 'Query', "XA START X'62',X'',1")], gtid).map(
        (m) => m.at.pos,
      ),
      [400],
    );
  });

  it('counts a one-phase commit and XA ROLLBACK as ends, and ignores other events', () => {
    const marks = xaMarks('binlog.000003', [
      row(10, 'XA_prepare', "XA COMMIT X'63',X'',1 ONE PHASE"),
      row(20, 'Query', "XA ROLLBACK X'64',X'',1"),
      row(30, 'Query', 'COMMIT'),
    ]);
    assert.deepEqual(
      marks.map((m) => `${m.xid}:${m.kind}`),
      ['63..1:end', '64..1:end'],
    );
  });
});
