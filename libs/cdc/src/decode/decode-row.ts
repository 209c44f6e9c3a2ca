import type { ColumnSchema, TableSchema } from '../schema/table-schema';
import { decodeBit, decodeBytes } from './bytes';
import { rowDecodeError } from './decode-error';
import { decodeInet4, decodeInet6, decodeUuid } from './mariadb-types';
import { decodeDecimal, decodeDouble, decodeFloat, decodeInteger } from './numeric';
import { decodeGeometry } from './spatial';
import { decodeDate, decodeDateTime, decodeTime, decodeTimestamp, decodeYear } from './temporal';
import { decodeText } from './text';

type Decoder = (column: ColumnSchema, value: unknown) => unknown;

const passThrough: Decoder = (_column, value) => value;
// The binlog holds an ENUM as its index; zongji yields no value for index 0, the '' MySQL stores
// for an invalid value (strict mode off), which Debezium emits as "" (convertEnumToString).
const enumValue: Decoder = (_column, value) => (typeof value === 'string' ? value : '');

/** One line per MySQL/MariaDB base type; docs/cdc-types.md documents what each yields. */
const DECODERS: Record<string, Decoder> = {
  tinyint: decodeInteger,
  smallint: decodeInteger,
  mediumint: decodeInteger,
  int: decodeInteger,
  integer: decodeInteger,
  bigint: decodeInteger,
  float: decodeFloat,
  double: decodeDouble,
  real: decodeDouble,
  decimal: decodeDecimal,
  numeric: decodeDecimal,
  date: decodeDate,
  datetime: decodeDateTime,
  timestamp: decodeTimestamp,
  time: decodeTime,
  year: decodeYear,
  bit: decodeBit,
  binary: decodeBytes,
  varbinary: decodeBytes,
  tinyblob: decodeBytes,
  blob: decodeBytes,
  mediumblob: decodeBytes,
  longblob: decodeBytes,
  vector: decodeBytes,
  uuid: decodeUuid,
  inet4: decodeInet4,
  inet6: decodeInet6,
  char: decodeText,
  varchar: decodeText,
  tinytext: decodeText,
  text: decodeText,
  mediumtext: decodeText,
  longtext: decodeText,
  json: decodeText,
  enum: enumValue,
  set: enumValue,
  geometry: decodeGeometry,
  point: decodeGeometry,
  linestring: decodeGeometry,
  polygon: decodeGeometry,
  multipoint: decodeGeometry,
  multilinestring: decodeGeometry,
  multipolygon: decodeGeometry,
  geometrycollection: decodeGeometry,
  geomcollection: decodeGeometry,
};

/**
 * A row as zongji decoded it → the row as Debezium's JSON converter (schemas disabled) writes it,
 * with the schema's columns in table order. Throws FICUS_CDC_DECODE (naming the column, never the
 * value) for a value the column's type cannot hold.
 */
export function decodeRow(
  schema: TableSchema,
  zongjiRow: Record<string, unknown>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of schema.columns) {
    const value = zongjiRow[column.name];
    try {
      row[column.name] =
        value === undefined && column.dataType === 'enum' && column.name in zongjiRow
          ? ''
          : decodeValue(column, value);
    } catch (err) {
      throw rowDecodeError(schema, column, err);
    }
  }
  return row;
}

export function decodeValue(column: ColumnSchema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const decoder = DECODERS[column.dataType] ?? fallback;
  return decoder(column, value);
}

/** Types without a rule (future types): bytes as bytes, anything else as the reader gave it. */
function fallback(column: ColumnSchema, value: unknown): unknown {
  return Buffer.isBuffer(value) ? decodeBytes(column, value) : passThrough(column, value);
}
