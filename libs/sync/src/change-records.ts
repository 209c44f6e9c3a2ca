import type { ChangeEventValue, ChangeRecord } from '@ficus/contracts';

export type RowChange = ChangeEventValue & { op: 'c' | 'u' | 'd' | 'r' };

const ROW_OPS = new Set(['c', 'u', 'd', 'r']);

/**
 * The row change a record carries for one of `tables` (`db.table`), or undefined for everything
 * else the embedded transport hands over: tombstones (null value), heartbeats, schema changes,
 * truncates (an operator's decision, never a sync's) and other tables.
 */
export function rowChangeOf(
  record: ChangeRecord,
  tables: ReadonlySet<string>,
): RowChange | undefined {
  const value = record.value as Partial<ChangeEventValue> | null;
  const source = value?.source;
  if (!value || !source || !tables.has(`${source.db}.${source.table}`)) return undefined;
  return ROW_OPS.has(value.op ?? '') ? (value as RowChange) : undefined;
}
