import { FicusError } from '@ficus/core';
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
    const liveColumn = liveColumns.get(source.name);
    // A charset the event left unknown (see captureTableMap) also leaves text and bytes apart
    // unknown, so the type comes from INFORMATION_SCHEMA too; without it nothing is guessed.
    const known = source.charset !== undefined;
    if (!known && !liveColumn) throw unknownCharset(captured, source.name);
    const columnType = known ? source.columnType : (liveColumn?.columnType ?? source.columnType);
    const info = parseColumnType(storedAs(columnType, liveColumn));
    const column: ColumnSchema = {
      name: source.name,
      nullable: liveColumn?.nullable ?? true,
      ...info,
      unsigned: source.unsigned ?? info.unsigned,
    };
    const charset = known ? source.charset : (liveColumn?.charset ?? null);
    if (charset !== null && charset !== undefined) column.charset = charset;
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

// MariaDB's data-type plugins that the TABLE_MAP event describes by their storage alone.
const BINARY_STORED = new Set(['uuid', 'inet4', 'inet6']);

/**
 * The TABLE_MAP event calls a UUID, INET4 or INET6 column BINARY(16)/BINARY(4), its storage; only
 * INFORMATION_SCHEMA knows its type, which decides that its value is shown as text.
 */
function storedAs(columnType: string, live: ColumnSchema | undefined): string {
  if (!live || !BINARY_STORED.has(live.dataType)) return columnType;
  return /^binary\b/i.test(columnType) ? live.columnType : columnType;
}

function unknownCharset(table: CapturedTable, column: string): FicusError {
  return new FicusError(
    'FICUS_CDC_DECODE',
    `table ${table.database}.${table.table}, column "${column}": the binlog does not give its ` +
      'character set (MariaDB counts spatial columns among the text ones) and the column no ' +
      'longer exists to ask INFORMATION_SCHEMA; its rows go to the dead-letter topic',
    { details: { database: table.database, table: table.table, column } },
  );
}
