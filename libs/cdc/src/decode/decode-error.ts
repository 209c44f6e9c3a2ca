import { FicusError } from '@ficus/core';
import type { ColumnSchema, TableSchema } from '../schema/table-schema';

/**
 * A column value that cannot be represented. The message names the column and its type, never
 * the value: row values may be patient data.
 */
export function decodeError(column: ColumnSchema, problem: string): FicusError {
  return new FicusError(
    'FICUS_CDC_DECODE',
    `column "${column.name}" (${column.columnType}): ${problem}`,
    { details: { column: column.name, columnType: column.columnType, problem } },
  );
}

/**
 * The error of a row with a column that could not be decoded, naming its table as well, so the
 * dead letter of that row says where to look. Any other failure of a decoder becomes one too,
 * without its message, which might quote the value.
 */
export function rowDecodeError(
  schema: TableSchema,
  column: ColumnSchema,
  err: unknown,
): FicusError {
  const problem =
    err instanceof FicusError && typeof err.details.problem === 'string'
      ? err.details.problem
      : 'the value could not be decoded';
  return new FicusError(
    'FICUS_CDC_DECODE',
    `table ${schema.database}.${schema.table}, column "${column.name}" (${column.columnType}): ` +
      `${problem} (docs/cdc-types.md lists how each type is read)`,
    {
      ...(err instanceof FicusError ? { cause: err } : {}),
      details: {
        database: schema.database,
        table: schema.table,
        column: column.name,
        columnType: column.columnType,
      },
    },
  );
}
