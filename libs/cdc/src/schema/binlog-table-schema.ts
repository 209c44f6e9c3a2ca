import type { CapturedTable } from './binlog-table-map';
import { parseColumnType } from './column-type';
import type { ColumnSchema, TableSchema } from './table-schema';

/**
 * The shape rows of a binlog rows event were written with: column names and types from the
 * TABLE_MAP event, so rows read behind the live schema still decode with their own columns. What
 * the event lacks comes from `live` (INFORMATION_SCHEMA, matched by column name): nullability, a
 * charset the event left unknown, and the primary key when the server wrote no key metadata.
 */
export function binlogTableSchema(
  captured: CapturedTable,
  live: TableSchema | undefined,
): TableSchema {
  const liveColumns = new Map((live?.columns ?? []).map((column) => [column.name, column]));
  const columns = captured.columns.map((source): ColumnSchema => {
    const info = parseColumnType(source.columnType);
    const liveColumn = liveColumns.get(source.name);
    const column: ColumnSchema = {
      name: source.name,
      nullable: liveColumn?.nullable ?? true,
      ...info,
      unsigned: source.unsigned ?? info.unsigned,
    };
    const charset =
      source.charset === undefined ? (liveColumn?.charset ?? 'utf8mb4') : source.charset;
    if (charset !== null) column.charset = charset;
    if (source.enumValues) column.enumValues = source.enumValues;
    return column;
  });
  const names = new Set(columns.map((column) => column.name));
  const primaryKey = (captured.primaryKey ?? live?.primaryKey ?? []).filter((name) =>
    names.has(name),
  );
  const keyed = new Set(primaryKey);
  for (const column of columns) if (keyed.has(column.name)) column.nullable = false;
  return { database: captured.database, table: captured.table, columns, primaryKey };
}
