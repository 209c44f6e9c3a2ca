import type { ColumnSchema } from '../schema/table-schema';
import { toBuffer } from './bytes';
import { decodeError } from './decode-error';

// MariaDB's UUID, INET4 and INET6 types (10.7+, 10.10+, 10.5+) are written to the binlog as their
// BINARY(16)/BINARY(4) storage, while a SELECT returns their text form. Both are read into the
// text form the server prints, as Debezium's MariaDB connector does for UUID
// (MariaDbValueConverters.convertUuid), so a snapshot row and a streamed row agree.

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUID → its 36-character text form. */
export function decodeUuid(column: ColumnSchema, value: unknown): string {
  if (typeof value === 'string' && UUID_TEXT.test(value)) return value.toLowerCase();
  const bytes = fixedWidth(column, value, 16);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** INET4 → dotted quad. */
export function decodeInet4(column: ColumnSchema, value: unknown): string {
  if (typeof value === 'string') return value;
  return [...fixedWidth(column, value, 4)].join('.');
}

/**
 * INET6 → the text MariaDB prints (Inet6::to_string, after BIND's inet_ntop6): lower-case hex
 * words without leading zeros, the longest run of two or more zero words (the first of equal
 * runs) as `::`, and an IPv4-mapped or IPv4-compatible address with its last 32 bits dotted.
 */
export function decodeInet6(column: ColumnSchema, value: unknown): string {
  if (typeof value === 'string') return value;
  const bytes = fixedWidth(column, value, 16);
  const words = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > best.len) best = { base: i, len: end - i };
    i = end;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  const ipv4Tail = best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff));
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i >= best.base && i < best.base + best.len) {
      if (i === best.base) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    if (i === 6 && ipv4Tail) {
      text += [...bytes.subarray(12)].join('.');
      break;
    }
    text += (words[i] ?? 0).toString(16);
  }
  return best.base !== -1 && best.base + best.len === 8 ? `${text}:` : text;
}

function fixedWidth(column: ColumnSchema, value: unknown, width: number): Buffer {
  const bytes = toBuffer(column, value);
  if (bytes.length > width) throw decodeError(column, `expected ${width} bytes`);
  // The row image strips trailing zero bytes of a BINARY(n) value.
  return bytes.length === width
    ? bytes
    : Buffer.concat([bytes, Buffer.alloc(width - bytes.length)]);
}
