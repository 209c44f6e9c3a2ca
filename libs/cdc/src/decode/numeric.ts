import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';
import { exactInteger } from './exact-integer';

/** TINYINT..BIGINT, signed or unsigned: zongji gives a number, or an exact string past 2^53. */
export function decodeInteger(column: ColumnSchema, value: unknown): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return exactInteger(BigInt(value));
  if (typeof value === 'bigint') return exactInteger(value);
  throw decodeError(column, `expected an integer, got ${typeof value}`);
}

/**
 * FLOAT is a 32-bit float widened to a double by the binlog reader (3.14 arrives as
 * 3.140000104904175); the shortest decimal that rounds to the same float32 is what MySQL prints
 * and what Debezium's FLOAT32 serialises as.
 */
export function decodeFloat(column: ColumnSchema, value: unknown): number {
  const number = toNumber(column, value);
  const single = Math.fround(number);
  if (!Number.isFinite(single)) return number;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

export function decodeDouble(column: ColumnSchema, value: unknown): number {
  return toNumber(column, value);
}

/**
 * DECIMAL as its exact string with the column's scale ('-123.4500'), as Debezium writes it with
 * decimal.handling.mode=string: the default `precise` mode writes base64 of the unscaled bytes,
 * which JSON readers cannot use without the schema.
 */
export function decodeDecimal(column: ColumnSchema, value: unknown): string {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (typeof value === 'number') return value.toFixed(column.scale ?? 0);
  throw decodeError(column, `expected a decimal string, got ${typeof value}`);
}

function toNumber(column: ColumnSchema, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  throw decodeError(column, `expected a number, got ${typeof value}`);
}
