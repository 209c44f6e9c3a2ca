import type { ChangeEventValue, ChangeRecord } from '@ficus/contracts';

/**
 * Heartbeats, schema changes and dead letters travel through the same sink, in the same order as
 * the change events around them, so an offset is committed only once they are delivered too. The
 * seam types a record's value as a change event; these topics carry other JSON documents, and this
 * is the one place that says so.
 */
export function controlRecord(
  topic: string,
  key: Record<string, unknown> | null,
  value: Record<string, unknown>,
  position: ChangeRecord['position'],
  headers: Record<string, string> = {},
): ChangeRecord {
  return {
    topic,
    key,
    value: value as unknown as ChangeEventValue,
    headers,
    position,
    partitionKey: key === null ? '' : JSON.stringify(key),
  };
}
