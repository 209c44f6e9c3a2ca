import type { ChangeEventValue, ChangeRecord } from '@ficus/contracts';

type RowChange = ChangeEventValue & { op: 'c' | 'u' | 'd' | 'r' };

const ROW_OPS = new Set(['c', 'u', 'd', 'r']);

/**
 * The row change a record carries for `db`.`table`, or undefined for everything else the
 * embedded transport hands over: tombstones (null value), heartbeats, schema changes, truncates
 * (an operator's decision, never a sync's) and other tables.
 */
export function rowChangeOf(
  record: ChangeRecord,
  db: string,
  table: string,
): RowChange | undefined {
  const value = record.value as Partial<ChangeEventValue> | null;
  const source = value?.source;
  if (!value || !source || source.db !== db || source.table !== table) return undefined;
  return ROW_OPS.has(value.op ?? '') ? (value as RowChange) : undefined;
}
