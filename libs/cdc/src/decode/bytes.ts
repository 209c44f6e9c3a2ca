import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';

/** BINARY, VARBINARY, BLOB → base64 (binary.handling.mode=bytes, as JSON shows bytes). */
export function decodeBytes(column: ColumnSchema, value: unknown): string {
  const bytes = toBuffer(column, value);
  // The row image strips BINARY(n)'s trailing zero bytes; the value the column holds has them.
  const width = column.dataType === 'binary' ? (column.precision ?? 0) : 0;
  const padded =
    bytes.length < width ? Buffer.concat([bytes, Buffer.alloc(width - bytes.length)]) : bytes;
  return padded.toString('base64');
}

/**
 * BIT(1) → boolean; BIT(n>1) → io.debezium.data.Bits: the bits as a little-endian byte array of
 * ceil(n/8) bytes, base64 in JSON. The binlog stores them big-endian.
 */
export function decodeBit(column: ColumnSchema, value: unknown): boolean | string {
  const bytes = toBuffer(column, value);
  if ((column.precision ?? 1) === 1)
    return bytes.length > 0 && (bytes[bytes.length - 1] ?? 0) !== 0;
  return Buffer.from(bytes).reverse().toString('base64');
}

export function toBuffer(column: ColumnSchema, value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw decodeError(column, `expected bytes, got ${typeof value}`);
}
