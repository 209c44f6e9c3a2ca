import type { TableSchema } from '../schema/table-schema';

/** The Kafka key: the primary-key columns in key order, or null for a table without one. */
export function recordKey(
  schema: TableSchema,
  row: Record<string, unknown>,
): Record<string, unknown> | null {
  if (schema.primaryKey.length === 0) return null;
  const key: Record<string, unknown> = {};
  for (const name of schema.primaryKey) key[name] = row[name] ?? null;
  return key;
}

/**
 * What the transport partitions by: stable for one primary key, so its changes stay in order.
 * Keyless tables partition by table, which keeps their changes in order too.
 */
export function partitionKey(topic: string, key: Record<string, unknown> | null): string {
  return key === null ? topic : JSON.stringify(key);
}

export function sameKey(
  a: Record<string, unknown> | null,
  b: Record<string, unknown> | null,
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
