import {
  IDEMPOTENCY_HEADER,
  topicName,
  type BinlogPosition,
  type ChangeEventValue,
  type ChangeOp,
  type ChangeRecord,
  type SourceInfo,
} from '@ficus/contracts';
import { decodeRow } from '../decode/decode-row';
import type { TableSchema } from '../schema/table-schema';
import { idempotencyKey } from './idempotency-key';
import { partitionKey, recordKey, sameKey } from './record-key';
import { sourceInfo } from './source-info';

export type RowChangeKind = 'insert' | 'update' | 'delete' | 'read';

export interface RowChangeInput {
  prefix: string;
  serverName: string;
  schema: TableSchema;
  kind: RowChangeKind;
  /** Raw zongji rows: `after` for insert/read, `before` for delete, both for update. */
  rows: Array<{ before?: Record<string, unknown>; after?: Record<string, unknown> }>;
  /**
   * Position of the rows event: its transaction's file:pos and gtid, its index in the transaction
   * (`eventsToSkip`), and in `rowsToSkip` the event's index of `rows[0]` (0 unless resuming
   * inside the event), so `source.row` and idempotency keys are the same on every delivery.
   */
  position: BinlogPosition;
  /**
   * Where the binlog event itself starts (`source.pos`): Debezium reports the position of the
   * event being processed, not of its transaction. Defaults to `position.pos` (snapshots).
   */
  eventPos?: number;
  /** Binlog event time (source.ts_ms). */
  tsMs: number;
  serverId: number;
  thread: number | null;
  snapshot: SourceInfo['snapshot'];
  /** Transaction block of the first record; later records of the batch count on from it. */
  transaction: ChangeEventValue['transaction'];
  /** Processing time (the envelope's ts_ms); defaults to now. */
  nowMs?: number;
}

export type TruncateInput = Omit<RowChangeInput, 'kind' | 'rows' | 'snapshot'> & {
  snapshot?: SourceInfo['snapshot'];
};

type Context = RowChangeInput & { topic: string; nowMs: number; order: number };

/**
 * The Debezium records of one binlog rows event (or one snapshot batch): c, u, d or r per row, a
 * tombstone after each delete, and delete + tombstone + create when an update changes the primary
 * key. Each record's `position` is the resume point after it: `rowsToSkip` counts this event's
 * rows fully delivered, so a restart never skips a row whose records were only partly sent.
 */
export function buildRowChanges(input: RowChangeInput): ChangeRecord[] {
  const context: Context = {
    ...input,
    topic: topicName(input.prefix, input.schema.database, input.schema.table),
    nowMs: input.nowMs ?? Date.now(),
    order: 0,
  };
  const first = input.position.rowsToSkip;
  return input.rows.flatMap((raw, index) => rowRecords(context, first + index, raw));
}

/**
 * TRUNCATE → one `op: t` record without key, before or after (Debezium's truncate event), at the
 * position of the statement itself.
 */
export function buildTruncate(input: TruncateInput): ChangeRecord[] {
  const context: Context = {
    ...input,
    kind: 'delete',
    rows: [],
    snapshot: input.snapshot ?? 'false',
    topic: topicName(input.prefix, input.schema.database, input.schema.table),
    nowMs: input.nowMs ?? Date.now(),
    order: 0,
  };
  const record = changeRecord(context, 0, 't', {
    key: null,
    before: null,
    after: null,
    done: true,
  });
  return [{ ...record, position: input.position, partitionKey: '' }];
}

function rowRecords(
  context: Context,
  row: number,
  raw: { before?: Record<string, unknown>; after?: Record<string, unknown> },
): ChangeRecord[] {
  const before = raw.before ? decodeRow(context.schema, raw.before) : null;
  const after = raw.after ? decodeRow(context.schema, raw.after) : null;
  switch (context.kind) {
    case 'insert':
    case 'read': {
      const op = context.kind === 'insert' ? 'c' : 'r';
      return [
        changeRecord(context, row, op, {
          key: keyOf(context, after),
          before: null,
          after,
          done: true,
        }),
      ];
    }
    case 'delete':
      return deletion(context, row, before, true);
    case 'update': {
      const oldKey = keyOf(context, before);
      const newKey = keyOf(context, after);
      if (sameKey(oldKey, newKey)) {
        return [changeRecord(context, row, 'u', { key: newKey, before, after, done: true })];
      }
      // Debezium moves a row whose key changed: delete + tombstone under the old key, create
      // under the new one, each pointing at the other key in a header. The delete is built
      // first: records take their transaction order as they are built.
      const moved = { '__debezium.newkey': JSON.stringify(newKey) };
      const removed = deletion(context, row, before, false, moved);
      const created = changeRecord(context, row, 'c', {
        key: newKey,
        before: null,
        after,
        done: true,
      });
      created.headers['__debezium.oldkey'] = JSON.stringify(oldKey);
      return [...removed, created];
    }
  }
}

function deletion(
  context: Context,
  row: number,
  before: Record<string, unknown> | null,
  last: boolean,
  extraHeaders: Record<string, string> = {},
): ChangeRecord[] {
  const key = keyOf(context, before);
  const deleted = changeRecord(context, row, 'd', { key, before, after: null, done: false });
  Object.assign(deleted.headers, extraHeaders);
  const tombstone: ChangeRecord = {
    ...deleted,
    value: null,
    headers: {
      ...extraHeaders,
      [IDEMPOTENCY_HEADER]: idempotencyKey(context.position, row, 'tombstone'),
    },
    position: recordPosition(context.position, row, last),
  };
  return [deleted, tombstone];
}

function changeRecord(
  context: Context,
  row: number,
  op: ChangeOp,
  parts: {
    key: Record<string, unknown> | null;
    before: ChangeEventValue['before'];
    after: ChangeEventValue['after'];
    done: boolean;
  },
): ChangeRecord {
  const value: ChangeEventValue = {
    before: parts.before,
    after: parts.after,
    source: sourceInfo({
      serverName: context.serverName,
      database: context.schema.database,
      table: context.schema.table,
      position: context.position,
      ...(context.eventPos === undefined ? {} : { eventPos: context.eventPos }),
      row,
      tsMs: context.tsMs,
      serverId: context.serverId,
      thread: context.thread,
      snapshot: context.snapshot,
    }),
    op,
    ts_ms: context.nowMs,
    transaction: nextTransaction(context),
  };
  return {
    topic: context.topic,
    key: parts.key,
    value,
    headers: { [IDEMPOTENCY_HEADER]: idempotencyKey(context.position, row, op) },
    position: recordPosition(context.position, row, parts.done),
    partitionKey: partitionKey(context.topic, parts.key),
  };
}

function keyOf(
  context: Context,
  row: Record<string, unknown> | null,
): Record<string, unknown> | null {
  return row ? recordKey(context.schema, row) : null;
}

function nextTransaction(context: Context): ChangeEventValue['transaction'] {
  const first = context.transaction;
  const order = context.order++;
  if (!first) return null;
  return {
    id: first.id,
    total_order: first.total_order + order,
    data_collection_order: first.data_collection_order + order,
  };
}

/** Resume point after a record: past this row only once its last record is out. */
function recordPosition(position: BinlogPosition, row: number, rowDone: boolean): BinlogPosition {
  return { ...position, rowsToSkip: row + (rowDone ? 1 : 0) };
}
