import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xaStatement, xidKey } from './binlog-event';

describe('xaStatement', () => {
  it('reads the XID of XA statements as MariaDB and MySQL write them to the binlog', () => {
    assert.deepEqual(xaStatement("XA COMMIT X'6131',X'',1"), {
      verb: 'commit',
      xid: '6131..1',
      onePhase: false,
    });
    assert.deepEqual(xaStatement("XA ROLLBACK X'6232',X'7171',7"), {
      verb: 'rollback',
      xid: '6232.7171.7',
      onePhase: false,
    });
    assert.equal(xaStatement("XA START X'6131',X'',1")?.verb, 'start');
    assert.equal(xaStatement("XA END X'6131',X'',1")?.verb, 'end');
    assert.equal(xaStatement("XA COMMIT X'6131',X'',1 ONE PHASE")?.onePhase, true);
  });

  it('gives the key an event binary XID gives, so a commit finds its prepare', () => {
    assert.equal(
      xaStatement("XA COMMIT X'6131',X'',1")?.xid,
      xidKey(1, Buffer.from('a1'), Buffer.alloc(0)),
    );
  });

  it('is undefined for other statements', () => {
    assert.equal(xaStatement('COMMIT'), undefined);
    assert.equal(xaStatement("INSERT INTO t VALUES ('XA COMMIT X''61'',X'''',1')"), undefined);
  });
});
