import type { BinlogPosition, ChangeRecord } from '@ficus/contracts';
import { FicusError, errorMessage } from '@ficus/core';
import { controlRecord } from './control-record';

export interface DeadLetterSource {
  topic: string;
  db: string;
  table: string;
  position: BinlogPosition;
}

/**
 * A dead letter says why and where (the reason's stable code, the binlog position, the table) and
 * keeps what could not go through, so nothing is silently dropped and an operator can replay it.
 * Its idempotency key is the one the original record had or would have had.
 */
export function deadLetterRecord(
  dlqTopic: string,
  source: DeadLetterSource,
  err: unknown,
  payload: unknown,
): ChangeRecord {
  const code = err instanceof FicusError ? err.code : 'FICUS_CDC_UNDELIVERABLE';
  const { position } = source;
  return controlRecord(
    dlqTopic,
    { topic: source.topic },
    {
      reason: { code, message: errorMessage(err) },
      topic: source.topic,
      db: source.db,
      table: source.table,
      position,
      ts_ms: Date.now(),
      payload: jsonSafe(payload),
    },
    position,
    {
      'ficus-dlq-reason': code,
      'ficus-dlq-position': `${position.gtid ?? `${position.file}:${position.pos}`}:${position.eventsToSkip}`,
    },
  );
}

/** A record the sink refused (too large, rejected by a handler): dead-lettered as it was. */
export function undeliverable(dlqTopic: string, record: ChangeRecord, err: unknown): ChangeRecord {
  const source = record.value?.source;
  const letter = deadLetterRecord(
    dlqTopic,
    {
      topic: record.topic,
      db: source?.db ?? '',
      table: source?.table ?? '',
      position: record.position,
    },
    err,
    { key: record.key, value: record.value },
  );
  return { ...letter, headers: { ...record.headers, ...letter.headers } };
}

/** A dead letter must itself fit through the sink (a record refused as too large, say). */
const MAX_PAYLOAD_CHARS = 256 * 1024;

/** Buffers become base64 and bigints strings, so any row survives JSON. */
function jsonSafe(value: unknown): unknown {
  const text =
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') {
        return Buffer.from((v as { data: number[] }).data).toString('base64');
      }
      return v;
    }) ?? 'null';
  if (text.length > MAX_PAYLOAD_CHARS)
    return { omitted: 'too large to dead-letter', chars: text.length };
  return JSON.parse(text);
}
