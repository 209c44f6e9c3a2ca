import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { BinlogTap } from './types-binlog-tap';

/**
 * Type conformance: every MySQL/MariaDB column type, written with INSERT, UPDATE and DELETE, read
 * back from the real binlog and compared with the Debezium JSON value (docs/cdc-types.md). One line per
 * type: its column definition, then [SQL literal, expected value] pairs. The first two values also
 * drive the UPDATE (first → second) and the DELETE (of the second).
 */
type Case = [definition: string, values: Array<[sql: string, expected: unknown]>];

const wkb = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const POINT_WKB = wkb('0101000000' + '000000000000f83f' + '00000000000000c0');
const LINE_WKB = wkb(
  '0102000000' + '02000000' + '0'.repeat(32) + '000000000000f03f' + '000000000000f03f',
);

const CASES: Case[] = [
  [
    'TINYINT',
    [
      ['-128', -128],
      ['127', 127],
      ['NULL', null],
    ],
  ],
  [
    'TINYINT(1)',
    [
      ['1', 1],
      ['0', 0],
    ],
  ],
  [
    'TINYINT UNSIGNED',
    [
      ['255', 255],
      ['0', 0],
    ],
  ],
  [
    'SMALLINT',
    [
      ['-32768', -32768],
      ['32767', 32767],
    ],
  ],
  ['SMALLINT UNSIGNED', [['65535', 65535]]],
  [
    'MEDIUMINT',
    [
      ['-8388608', -8388608],
      ['8388607', 8388607],
    ],
  ],
  ['MEDIUMINT UNSIGNED', [['16777215', 16777215]]],
  [
    'INT',
    [
      ['-2147483648', -2147483648],
      ['2147483647', 2147483647],
    ],
  ],
  ['INT UNSIGNED', [['4294967295', 4294967295]]],
  [
    'BIGINT',
    [
      ['-9223372036854775808', '-9223372036854775808'],
      ['9223372036854775807', '9223372036854775807'],
      ['9007199254740991', 9007199254740991],
      ['-9007199254740992', '-9007199254740992'],
    ],
  ],
  [
    'BIGINT UNSIGNED',
    [
      ['18446744073709551615', '18446744073709551615'],
      ['9007199254740992', '9007199254740992'],
      ['0', 0],
    ],
  ],
  [
    'FLOAT',
    [
      ['3.14', 3.14],
      ['-3.40282e38', -3.40282e38],
      ['1.17549e-38', 1.17549e-38],
      ['0', 0],
    ],
  ],
  [
    'DOUBLE',
    [
      ['2.718281828459045', 2.718281828459045],
      ['-1.7976931348623157e308', -1.7976931348623157e308],
      ['2.2250738585072014e-308', 2.2250738585072014e-308],
    ],
  ],
  [
    'DECIMAL(10,2)',
    [
      ['12345678.90', '12345678.90'],
      ['-0.01', '-0.01'],
      ['0', '0.00'],
    ],
  ],
  ['DECIMAL(10,2) UNSIGNED', [['99999999.99', '99999999.99']]],
  [
    'DECIMAL(65,30)',
    [
      [
        '-99999999999999999999999999999999999.999999999999999999999999999999',
        '-99999999999999999999999999999999999.999999999999999999999999999999',
      ],
      ['0.000000000000000000000000000001', '0.000000000000000000000000000001'],
      ['12345678901234567890.5', '12345678901234567890.500000000000000000000000000000'],
    ],
  ],
  [
    'DECIMAL(5,0)',
    [
      ['-99999', '-99999'],
      ['0', '0'],
    ],
  ],
  [
    'DATE',
    [
      ["'2024-02-29'", 19782],
      ["'1970-01-01'", 0],
      ["'1000-01-01'", -354285],
      ["'9999-12-31'", 2932896],
      ["'1969-12-31'", -1],
      ["'0000-00-00'", null],
    ],
  ],
  [
    'DATE NOT NULL',
    [
      ["'0000-00-00'", 0],
      ["'2000-01-01'", 10957],
    ],
  ],
  [
    'DATETIME',
    [
      ["'2018-06-20 06:37:03'", 1529476623000],
      ["'1000-01-01 00:00:00'", -30610224000000],
      ["'9999-12-31 23:59:59'", 253402300799000],
      ["'0000-00-00 00:00:00'", null],
    ],
  ],
  ['DATETIME(1)', [["'2020-01-01 00:00:00.1'", 1577836800100]]],
  ['DATETIME(2)', [["'2020-01-01 00:00:00.12'", 1577836800120]]],
  [
    'DATETIME(3)',
    [
      ["'2020-01-01 00:00:00.123'", 1577836800123],
      ["'1969-12-31 23:59:59.999'", -1],
    ],
  ],
  ['DATETIME(4)', [["'2020-01-01 00:00:00.1234'", 1577836800123400]]],
  ['DATETIME(5)', [["'2020-01-01 00:00:00.12345'", 1577836800123450]]],
  [
    'DATETIME(6)',
    [
      ["'2020-01-01 00:00:00.123456'", 1577836800123456],
      ["'9999-12-31 23:59:59.999999'", '253402300799999999'],
      ["'1000-01-01 00:00:00.000001'", '-30610223999999999'],
      ["'1970-01-01 00:00:00.000000'", 0],
    ],
  ],
  ['DATETIME(6) NOT NULL', [["'0000-00-00 00:00:00'", 0]]],
  [
    'TIMESTAMP NULL DEFAULT NULL',
    [
      ["'2018-06-20 13:37:03'", '2018-06-20T13:37:03Z'],
      ["'1970-01-01 00:00:01'", '1970-01-01T00:00:01Z'],
      ["'0000-00-00 00:00:00'", null],
    ],
  ],
  [
    'TIMESTAMP(3) NULL DEFAULT NULL',
    [
      ["'2020-01-01 00:00:00.120'", '2020-01-01T00:00:00.12Z'],
      ["'2020-01-01 00:00:00.000'", '2020-01-01T00:00:00Z'],
    ],
  ],
  [
    'TIMESTAMP(6) NULL DEFAULT NULL',
    [
      ["'2038-01-19 03:14:07.999999'", '2038-01-19T03:14:07.999999Z'],
      ["'2000-02-29 12:00:00.000001'", '2000-02-29T12:00:00.000001Z'],
    ],
  ],
  [
    'TIME',
    [
      ["'00:00:00'", 0],
      ["'838:59:59'", 3020399000000],
      ["'-838:59:59'", -3020399000000],
      ["'12:34:56'", 45296000000],
    ],
  ],
  [
    'TIME(3)',
    [
      ["'-00:00:01.5'", -1500000],
      ["'01:00:00.001'", 3600001000],
    ],
  ],
  [
    'TIME(6)',
    [
      ["'12:34:56.789012'", 45296789012],
      ["'-838:59:59.000000'", -3020399000000],
    ],
  ],
  [
    'YEAR',
    [
      ["'2024'", 2024],
      ["'1901'", 1901],
      ["'2155'", 2155],
      ["'0000'", 0],
    ],
  ],
  [
    'BIT(1)',
    [
      ["b'1'", true],
      ["b'0'", false],
    ],
  ],
  [
    'BIT(12)',
    [
      ["b'101000000011'", wkb('030a')],
      ["b'0'", wkb('0000')],
    ],
  ],
  [
    'BIT(64)',
    [
      ['0xFFFFFFFFFFFFFFFF', wkb('ffffffffffffffff')],
      ['0x0102030405060708', wkb('0807060504030201')],
    ],
  ],
  [
    'BINARY(4)',
    [
      ["'ab'", wkb('61620000')],
      ["x'00000000'", wkb('00000000')],
      ["x'DEADBEEF'", wkb('deadbeef')],
    ],
  ],
  [
    'VARBINARY(8)',
    [
      ["x'780079'", wkb('780079')],
      ["''", ''],
    ],
  ],
  ['TINYBLOB', [["x'00ff'", wkb('00ff')]]],
  [
    'BLOB',
    [
      ["x'DEADBEEF'", wkb('deadbeef')],
      ["''", ''],
    ],
  ],
  ['MEDIUMBLOB', [["x'0102'", wkb('0102')]]],
  // MariaDB's own types arrive as their binary form (docs/cdc-types.md, deviation 3).
  [
    'INET4',
    [
      ["'192.168.0.1'", wkb('c0a80001')],
      ['NULL', null],
    ],
  ],
  ['INET6', [["'::1'", wkb('00000000000000000000000000000001')]]],
  ['UUID', [["'123e4567-e89b-42d3-a456-426614174000'", wkb('123e4567e89b42d3a456426614174000')]]],
  ['LONGBLOB', [["x'FF'", wkb('ff')]]],
  [
    'CHAR(5)',
    [
      ["'ab   '", 'ab'],
      ["'中文'", '中文'],
    ],
  ],
  [
    'VARCHAR(50)',
    [
      ["'héllo 😀 中文'", 'héllo 😀 中文'],
      ["''", ''],
      ["'  spaced  '", '  spaced  '],
    ],
  ],
  ['VARCHAR(10) CHARACTER SET latin1', [["'café €'", 'café €']]],
  ['CHAR(4) CHARACTER SET ascii', [["'abcd'", 'abcd']]],
  ['TINYTEXT', [["'ü'", 'ü']]],
  ['TEXT', [["'🧪 multi\\nline'", '🧪 multi\nline']]],
  ['MEDIUMTEXT', [["'日本語テキスト'", '日本語テキスト']]],
  ['LONGTEXT', [["'𝔘𝔫𝔦𝔠𝔬𝔡𝔢'", '𝔘𝔫𝔦𝔠𝔬𝔡𝔢']]],
  [
    'JSON',
    [
      [`'{"a": 1, "b": [true, null], "c": "é"}'`, '{"a": 1, "b": [true, null], "c": "é"}'],
      ["'[]'", '[]'],
      [`'"text"'`, '"text"'],
      ["'9007199254740993'", '9007199254740993'],
    ],
  ],
  [
    "ENUM('a','b c','it''s')",
    [
      ["'it''s'", "it's"],
      ["'b c'", 'b c'],
      ["'a'", 'a'],
    ],
  ],
  [
    "SET('x','y','z')",
    [
      ["'x,z'", 'x,z'],
      ["''", ''],
      ["'x,y,z'", 'x,y,z'],
    ],
  ],
  ['POINT', [['POINT(1.5, -2)', { wkb: POINT_WKB, srid: 0 }]]],
  ['LINESTRING', [["ST_GeomFromText('LINESTRING(0 0,1 1)', 4326)", { wkb: LINE_WKB, srid: 4326 }]]],
  [
    'GEOMETRY',
    [
      ["ST_GeomFromText('POINT(1.5 -2)', 3857)", { wkb: POINT_WKB, srid: 3857 }],
      ["ST_GeomFromText('LINESTRING(0 0,1 1)')", { wkb: LINE_WKB, srid: 0 }],
    ],
  ],
];

const table = (index: number): string => `t${index}`;

describe('type conformance: binlog rows decode to Debezium JSON', () => {
  let db: TestDatabase;
  let tap: BinlogTap;

  before(async () => {
    db = await createTestDatabase('cdc_types');
    tap = new BinlogTap(db);
    await tap.start();
    const conn = await db.pool.getConnection();
    try {
      // Zero dates and out-of-range literals are exactly what legacy schemas hold.
      await conn.query("SET SESSION sql_mode = '', time_zone = '+00:00'");
      for (const [index, [definition, values]] of CASES.entries()) {
        await conn.query(`CREATE TABLE ${table(index)} (id INT PRIMARY KEY, v ${definition})`);
        const tuples = values.map(([sql], row) => `(${row + 1}, ${sql})`).join(', ');
        await conn.query(`INSERT INTO ${table(index)} (id, v) VALUES ${tuples}`);
        if (values.length > 1) {
          await conn.query(
            `UPDATE ${table(index)} SET v = (SELECT v FROM (SELECT v FROM ${table(index)} WHERE id = 2) s) WHERE id = 1`,
          );
          await conn.query(`DELETE FROM ${table(index)} WHERE id = 2`);
        }
      }
    } finally {
      conn.release();
    }
    await tap.drain();
  });

  after(async () => {
    await tap?.stop();
    await db?.drop();
  });

  for (const [index, [definition, values]] of CASES.entries()) {
    it(`${definition}: insert, update and delete carry the Debezium value`, () => {
      const records = tap.recordsOf(table(index));
      const creates = records.filter((r) => r.value?.op === 'c');
      assert.deepEqual(
        creates.map((r) => r.value?.after),
        values.map(([, expected], row) => ({ id: row + 1, v: expected })),
      );
      if (values.length < 2) return;
      const [first, second] = values.map(([, expected]) => expected);
      const update = records.find((r) => r.value?.op === 'u');
      assert.deepEqual(update?.value?.before, { id: 1, v: first });
      assert.deepEqual(update?.value?.after, { id: 1, v: second });
      const deleted = records.filter((r) => r.key?.id === 2 && r.value?.op !== 'c');
      assert.deepEqual(
        deleted.map((r) => r.value?.op ?? 'tombstone'),
        ['d', 'tombstone'],
      );
      assert.deepEqual(deleted[0]?.value?.before, { id: 2, v: second });
    });
  }

  it('text after a spatial column keeps its charset (MariaDB numbers GEOMETRY among text columns)', async () => {
    await db.pool.query(
      "CREATE TABLE mixed (id INT PRIMARY KEY, g GEOMETRY, t TEXT, c CHAR(5), b BINARY(2), e ENUM('x'), s VARCHAR(8))",
    );
    await db.pool.query(
      "INSERT INTO mixed VALUES (1, POINT(1.5, -2), 'héllo 😀', 'ab', x'0102', 'x', 'über')",
    );
    await tap.drain();
    const [record] = tap.recordsOf('mixed');
    assert.deepEqual(record?.value?.after, {
      id: 1,
      g: { wkb: POINT_WKB, srid: 0 },
      t: 'héllo 😀',
      c: 'ab',
      b: wkb('0102'),
      e: 'x',
      s: 'über',
    });
  });
});
