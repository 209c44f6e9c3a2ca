import type { Pool, RowDataPacket } from 'mysql2/promise';
import { parseColumnType } from './column-type';
import type { ColumnSchema, TableSchema } from './table-schema';

interface ColumnRow extends RowDataPacket {
  name: string;
  columnType: string;
  isNullable: string;
  charset: string | null;
  columnKey: string;
}

interface KeyRow extends RowDataPacket {
  name: string;
  indexName: string;
}

const COLUMNS_SQL = `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS columnType, IS_NULLABLE AS isNullable,
  CHARACTER_SET_NAME AS charset, COLUMN_KEY AS columnKey
  FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`;

const UNIQUE_KEYS_SQL = `SELECT INDEX_NAME AS indexName, COLUMN_NAME AS name
  FROM INFORMATION_SCHEMA.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0
  ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`;

/**
 * The live shape of a table from INFORMATION_SCHEMA, or undefined when it does not exist (any
 * more). Used for snapshots, for servers without FULL binlog metadata, and for what the binlog
 * never carries on MariaDB: nullability and the primary key.
 */
export async function loadTableSchema(
  pool: Pool,
  database: string,
  table: string,
): Promise<TableSchema | undefined> {
  const [columnRows] = await pool.query<ColumnRow[]>(COLUMNS_SQL, [database, table]);
  if (columnRows.length === 0) return undefined;
  const [keyRows] = await pool.query<KeyRow[]>(UNIQUE_KEYS_SQL, [database, table]);
  return {
    database,
    table,
    columns: columnRows.map(toColumnSchema),
    primaryKey: messageKey(columnRows, keyRows),
  };
}

/**
 * The primary key; without one, the unique key the server uses in its place: MariaDB and MySQL
 * promote the first UNIQUE key over NOT NULL, whole (not prefix) columns, and report its columns
 * as `PRI` in COLUMNS.COLUMN_KEY (and in the binlog's primary-key metadata). Debezium keys such a
 * table by that unique key too.
 */
function messageKey(columns: ColumnRow[], keyRows: KeyRow[]): string[] {
  const indexes = new Map<string, string[]>();
  for (const row of keyRows)
    indexes.set(row.indexName, [...(indexes.get(row.indexName) ?? []), row.name]);
  const primary = indexes.get('PRIMARY');
  if (primary) return primary;
  const promoted = new Set(columns.filter((c) => c.columnKey === 'PRI').map((c) => c.name));
  if (promoted.size === 0) return [];
  for (const names of indexes.values()) {
    if (names.length === promoted.size && names.every((name) => promoted.has(name))) return names;
  }
  return [];
}

function toColumnSchema(row: ColumnRow): ColumnSchema {
  const column: ColumnSchema = {
    name: row.name,
    nullable: row.isNullable === 'YES',
    ...parseColumnType(row.columnType),
  };
  if (row.charset !== null) column.charset = row.charset;
  return column;
}
