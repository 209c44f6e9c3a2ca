import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FicusError } from '@ficus/core';
import type { ColumnSchema } from '../schema/table-schema';
import { decodeRow, decodeValue } from './decode-row';

const column = (
  columnType: string,
  dataType: string,
  extra: Partial<ColumnSchema> = {},
): ColumnSchema => ({
  name: 'v',
  dataType,
  columnType,
  nullable: true,
  unsigned: false,
  ...extra,
});

describe('decodeValue', () => {
  it('turns a widened float32 back into the decimal MySQL shows', () => {
    assert.equal(decodeValue(column('float', 'float'), 3.140000104904175), 3.14);
  });

  it('keeps 64-bit integers exact: a number while safe, else a decimal string', () => {
    const bigint = column('bigint unsigned', 'bigint', { unsigned: true });
    assert.equal(decodeValue(bigint, '18446744073709551615'), '18446744073709551615');
    assert.equal(decodeValue(bigint, '42'), 42);
  });

  it('reads DATETIME as UTC epoch ms up to 3 digits, µs from 4, exact beyond 2^53', () => {
    assert.equal(
      decodeValue(column('datetime(3)', 'datetime', { fsp: 3 }), '2020-01-01 00:00:00.123'),
      1577836800123,
    );
    assert.equal(
      decodeValue(column('datetime(6)', 'datetime', { fsp: 6 }), '9999-12-31 23:59:59.999999'),
      '253402300799999999',
    );
  });

  it('a zero date is null when nullable and the epoch when NOT NULL', () => {
    assert.equal(decodeValue(column('date', 'date'), '0000-00-00'), null);
    assert.equal(decodeValue(column('date', 'date', { nullable: false }), '0000-00-00'), 0);
    assert.equal(
      decodeValue(column('timestamp', 'timestamp', { nullable: false }), '0000-00-00 00:00:00'),
      '1970-01-01T00:00:00Z',
    );
  });

  it('BIT(n>1) is little-endian bytes; BIT(1) a boolean', () => {
    assert.equal(
      decodeValue(column('bit(12)', 'bit', { precision: 12 }), Buffer.from([0x0a, 0x03])),
      'Awo=',
    );
    assert.equal(decodeValue(column('bit(1)', 'bit', { precision: 1 }), Buffer.from([1])), true);
  });

  it('pads BINARY(n) to its width and decodes text in the column charset', () => {
    assert.equal(
      decodeValue(column('binary(3)', 'binary', { precision: 3 }), Buffer.from('a')),
      'YQAA',
    );
    assert.equal(
      decodeValue(
        column('varchar(5)', 'varchar', { charset: 'latin1' }),
        Buffer.from([0x80, 0xe9]),
      ),
      '€é',
    );
  });

  it('spatial values become Debezium Point / Geometry from the stored SRID + WKB, SRID 0 as null', () => {
    const point = Buffer.from('0101000000' + '000000000000f83f' + '00000000000000c0', 'hex');
    const srid = (n: number) => Buffer.from([n & 0xff, n >> 8, 0, 0]);
    assert.deepEqual(decodeValue(column('point', 'point'), Buffer.concat([srid(4326), point])), {
      x: 1.5,
      y: -2,
      wkb: point.toString('base64'),
      srid: 4326,
    });
    assert.deepEqual(decodeValue(column('geometry', 'geometry'), Buffer.concat([srid(0), point])), {
      wkb: point.toString('base64'),
      srid: null,
    });
  });
  it('a negative whole TIME whose seconds arrive as 64 is carried back into minutes and hours', () => {
    assert.equal(decodeValue(column('time', 'time'), '-00:63:64'), -3_600_000_000);
    assert.equal(decodeValue(column('time', 'time'), '-01:63:64'), -7_200_000_000);
    assert.equal(decodeValue(column('time', 'time'), '-00:00:64'), -60_000_000);
    assert.equal(decodeValue(column('time', 'time'), '-838:59:59'), -3_020_399_000_000);
  });
  it('MariaDB UUID, INET4 and INET6 bytes read as the text the server prints', () => {
    const hex = (h: string) => Buffer.from(h, 'hex');
    assert.equal(
      decodeValue(column('uuid', 'uuid'), hex('123e4567e89b42d3a456426614174000')),
      '123e4567-e89b-42d3-a456-426614174000',
    );
    assert.equal(decodeValue(column('inet4', 'inet4'), hex('c0a80001')), '192.168.0.1');
    const inet6 = column('inet6', 'inet6');
    assert.equal(decodeValue(inet6, hex('0'.repeat(30) + '01')), '::1');
    assert.equal(decodeValue(inet6, hex('0'.repeat(20) + 'ffff01020304')), '::ffff:1.2.3.4');
    assert.equal(decodeValue(inet6, hex('0001000000000001' + '0'.repeat(16))), '1:0:0:1::');
    assert.equal(decodeValue(inet6, hex('0'.repeat(32))), '::');
  });

  it('a value its type cannot hold fails with FICUS_CDC_DECODE naming the column, not the value', () => {
    assert.throws(
      () => decodeValue(column('time', 'time'), 'secret-value'),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_CDC_DECODE' &&
        !err.message.includes('secret'),
    );
  });
});

describe('decodeRow', () => {
  it('returns the schema columns in table order, null for absent ones', () => {
    const schema = {
      database: 'd',
      table: 't',
      primaryKey: ['id'],
      columns: [column('int', 'int', { name: 'id' }), column('text', 'text', { name: 'note' })],
    };
    assert.deepEqual(Object.entries(decodeRow(schema, { note: 'x', id: 1, extra: 2 })), [
      ['id', 1],
      ['note', 'x'],
    ]);
    assert.deepEqual(decodeRow(schema, { id: 2 }), { id: 2, note: null });
  });
  it('an ENUM the binlog gives no member for (index 0, an invalid value) is ""', () => {
    const schema = {
      database: 'd',
      table: 't',
      primaryKey: [],
      columns: [column("enum('a')", 'enum', { name: 'e' })],
    };
    assert.deepEqual(decodeRow(schema, { e: undefined }), { e: '' });
    assert.deepEqual(decodeRow(schema, { e: null }), { e: null });
  });
  it('a column it cannot decode fails the row, naming table and column but not the value', () => {
    const schema = {
      database: 'clinic',
      table: 'visit',
      primaryKey: [],
      columns: [column('time', 'time', { name: 'at' })],
    };
    assert.throws(
      () => decodeRow(schema, { at: 'secret-value' }),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_CDC_DECODE' &&
        err.message.includes('clinic.visit, column "at"') &&
        !err.message.includes('secret'),
    );
  });
});
