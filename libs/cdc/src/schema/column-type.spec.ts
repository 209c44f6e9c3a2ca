import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseColumnType } from './column-type';

describe('parseColumnType', () => {
  it('reads precision, scale and signedness', () => {
    assert.deepEqual(parseColumnType('decimal(10,2) unsigned'), {
      dataType: 'decimal',
      columnType: 'decimal(10,2) unsigned',
      unsigned: true,
      precision: 10,
      scale: 2,
    });
    assert.equal(parseColumnType('bigint unsigned').unsigned, true);
    assert.equal(parseColumnType('bigint(20)').unsigned, false);
  });

  it('reads fractional-second digits, 0 when absent', () => {
    assert.equal(parseColumnType('datetime(6)').fsp, 6);
    assert.equal(parseColumnType('timestamp').fsp, 0);
    assert.equal(parseColumnType('time(3)').fsp, 3);
  });

  it('reads ENUM and SET values with quotes and commas inside', () => {
    assert.deepEqual(parseColumnType("enum('a','it''s','b,c')").enumValues, ['a', "it's", 'b,c']);
    assert.deepEqual(parseColumnType("set('x','y')").enumValues, ['x', 'y']);
  });

  it('keeps the bit length and ignores MariaDB version comments', () => {
    assert.equal(parseColumnType('bit(12)').precision, 12);
    assert.equal(parseColumnType('blob /*M!100301 COMPRESSED*/').dataType, 'blob');
  });
});
