import type { ColumnSchema } from './table-schema';

/** What a column's type definition says, before its name and nullability are known. */
export type ColumnTypeInfo = Omit<ColumnSchema, 'name' | 'nullable' | 'charset'>;

const TEMPORAL_WITH_FSP = new Set(['time', 'datetime', 'timestamp']);
const ENUM_LIKE = new Set(['enum', 'set']);

/**
 * Reads a type as INFORMATION_SCHEMA.COLUMNS.COLUMN_TYPE spells it ('decimal(10,2) unsigned',
 * "enum('a','b')", 'datetime(6)', 'bit(12)') — the form zongji also synthesises from FULL binlog
 * metadata — into the fields the decoder switches on.
 */
export function parseColumnType(columnType: string): ColumnTypeInfo {
  const text = columnType.trim();
  const match = /^([a-z0-9 ]+?)\s*(?:\((.*)\))?((?:\s+[a-z]+)*)\s*(?:\/\*.*\*\/)?\s*$/is.exec(text);
  const dataType = (match?.[1] ?? text).toLowerCase().trim();
  const args = match?.[2];
  const attributes = (match?.[3] ?? '').toLowerCase();
  const info: ColumnTypeInfo = {
    dataType,
    columnType: text,
    unsigned: /\bunsigned\b/.test(attributes),
  };
  if (args === undefined) return TEMPORAL_WITH_FSP.has(dataType) ? { ...info, fsp: 0 } : info;
  if (ENUM_LIKE.has(dataType)) return { ...info, enumValues: parseQuotedList(args) };
  const [first, second] = args.split(',').map((part) => Number.parseInt(part.trim(), 10));
  if (TEMPORAL_WITH_FSP.has(dataType)) return { ...info, fsp: first ?? 0 };
  if (first !== undefined && !Number.isNaN(first)) info.precision = first;
  if (second !== undefined && !Number.isNaN(second)) info.scale = second;
  return info;
}

/** `'a','it''s','b,c'` → ['a', "it's", 'b,c']: SQL single-quoted strings with doubled quotes. */
export function parseQuotedList(list: string): string[] {
  const values: string[] = [];
  const pattern = /'((?:[^']|'')*)'/g;
  for (let m = pattern.exec(list); m !== null; m = pattern.exec(list)) {
    values.push((m[1] ?? '').replace(/''/g, "'").replace(/\\\\/g, '\\'));
  }
  return values;
}
