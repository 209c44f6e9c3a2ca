/**
 * Type conformance cases: every MySQL/MariaDB column type and the Debezium JSON value of each
 * literal (docs/cdc-types.md). One line per type: its column definition, then [SQL literal,
 * expected value] pairs. The first two values also drive the UPDATE (first → second) and the
 * DELETE (of the second) of the binlog suite. Literals are written with sql_mode '' (zero dates
 * and invalid ENUM values are what legacy schemas hold) and time_zone '+00:00'.
 */
export type TypeCase = [definition: string, values: Array<[sql: string, expected: unknown]>];

export const wkb = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const POINT_HEX = '0101000000' + '000000000000f83f' + '00000000000000c0';
export const POINT_WKB = wkb(POINT_HEX);

export const LINE_WKB = wkb(
  '0102000000' + '02000000' + '0'.repeat(32) + '000000000000f03f' + '000000000000f03f',
);

export const TYPE_CASES: TypeCase[] = [
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
      // A year below 100 stays that year (docs/cdc-types.md, deviation 10).
      ["'0050-03-01'", -701206],
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
  // A NOT NULL column whose DEFAULT is a zero date: rows that take the default carry the epoch,
  // as any zero date in a NOT NULL column does (Debezium: the epoch when the column is required).
  [
    "DATE NOT NULL DEFAULT '0000-00-00'",
    [
      ['DEFAULT', 0],
      ["'2000-01-01'", 10957],
    ],
  ],
  [
    "DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00'",
    [
      ['DEFAULT', 0],
      ["'2018-06-20 06:37:03'", 1529476623000],
    ],
  ],
  [
    "TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00'",
    [
      ['DEFAULT', '1970-01-01T00:00:00Z'],
      ["'2018-06-20 13:37:03'", '2018-06-20T13:37:03Z'],
    ],
  ],
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
      // Negative whole values whose stored bits carry across the second and minute fields.
      ["'-01:00:00'", -3600000000],
      ["'-02:00:00'", -7200000000],
      ["'-00:01:00'", -60000000],
    ],
  ],
  [
    'TIME(3)',
    [
      ["'-00:00:01.5'", -1500000],
      ["'01:00:00.001'", 3600001000],
      ["'-01:00:00.000'", -3600000000],
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
  // MariaDB's own types, stored as bytes, in the text form the server prints.
  [
    'INET4',
    [
      ["'192.168.0.1'", '192.168.0.1'],
      ['NULL', null],
      ["'0.0.0.0'", '0.0.0.0'],
    ],
  ],
  [
    'INET6',
    [
      ["'::1'", '::1'],
      ["'::ffff:1.2.3.4'", '::ffff:1.2.3.4'],
      ["'2001:db8::8:800:200c:417a'", '2001:db8::8:800:200c:417a'],
      ["'1:0:0:1:0:0:0:0'", '1:0:0:1::'],
      ["'::'", '::'],
      ["'1:2:3:4:5:6:7:8'", '1:2:3:4:5:6:7:8'],
    ],
  ],
  [
    'UUID',
    [
      ["'123e4567-e89b-42d3-a456-426614174000'", '123e4567-e89b-42d3-a456-426614174000'],
      // A time-based (version 1) UUID, which MariaDB may store with its groups reordered.
      ["'6ccd780c-baba-1026-9564-5b8c656024db'", '6ccd780c-baba-1026-9564-5b8c656024db'],
      ["'00000000-0000-0000-0000-000000000000'", '00000000-0000-0000-0000-000000000000'],
    ],
  ],
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
      // Not a member: stored as index 0, the empty string.
      ["'zzz'", ''],
    ],
  ],
  // A member containing a comma stays whole (deviation 11).
  [
    "ENUM('a,b','c')",
    [
      ["'a,b'", 'a,b'],
      ["'c'", 'c'],
    ],
  ],
  // An explicit NULL stays null; the DEFAULT only where the row takes it (deviation 13).
  [
    'INT NULL DEFAULT 5',
    [
      ['NULL', null],
      ['DEFAULT', 5],
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
  // Debezium: a POINT column is io.debezium.data.geometry.Point, with x and y; other spatial
  // types are Geometry. SRID 0 (unset) is null.
  [
    'POINT',
    [
      ['POINT(1.5, -2)', { x: 1.5, y: -2, wkb: POINT_WKB, srid: null }],
      [
        "ST_GeomFromText('POINT(0 0)', 4326)",
        { x: 0, y: 0, wkb: wkb('0101000000' + '0'.repeat(32)), srid: 4326 },
      ],
    ],
  ],
  ['LINESTRING', [["ST_GeomFromText('LINESTRING(0 0,1 1)', 4326)", { wkb: LINE_WKB, srid: 4326 }]]],
  [
    'GEOMETRY',
    [
      ["ST_GeomFromText('POINT(1.5 -2)', 3857)", { wkb: POINT_WKB, srid: 3857 }],
      ["ST_GeomFromText('LINESTRING(0 0,1 1)')", { wkb: LINE_WKB, srid: null }],
    ],
  ],
  [
    'MULTIPOINT',
    [
      [
        "ST_GeomFromText('MULTIPOINT(1.5 -2,1.5 -2)')",
        { wkb: wkb('0104000000' + '02000000' + POINT_HEX + POINT_HEX), srid: null },
      ],
    ],
  ],
];
