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
}

const COLUMNS_SQL = `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS columnType, IS_NULLABLE AS isNullable,
  CHARACTER_SET_NAME AS charset, COLUMN_KEY AS columnKey
  FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`;

const PRIMARY_KEY_SQL = `SELECT COLUMN_NAME AS name FROM INFORMATION_SCHEMA.STATISTICS
  WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX`;

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
  const [keyRows] = await pool.query<KeyRow[]>(PRIMARY_KEY_SQL, [database, table]);
  return {
    database,
    table,
    columns: columnRows.map(toColumnSchema),
    primaryKey: keyRows.map((row) => row.name),
  };
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
