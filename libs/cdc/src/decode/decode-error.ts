import { FicusError } from '@ficus/core';
import type { ColumnSchema } from '../schema/table-schema';

/**
 * A column value that cannot be represented. The message names the column and its type, never
 * the value: row values may be patient data.
 */
export function decodeError(column: ColumnSchema, problem: string): FicusError {
  return new FicusError(
    'FICUS_CDC_DECODE',
    `column "${column.name}" (${column.columnType}): ${problem}`,
    { details: { column: column.name, columnType: column.columnType } },
  );
}
