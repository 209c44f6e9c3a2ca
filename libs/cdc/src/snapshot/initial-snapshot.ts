import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { ChangeRecord, SourceInfo } from '@ficus/contracts';
import type { Logger } from '@ficus/core';
import { buildRowChanges, type RowChangeInput } from '../events/event-builder';
import type { ConnectorMetrics } from '../health/connector-metrics';
import type { OffsetStore, StoredOffset } from '../offsets/stored-offset';
import type { DeliveryPipeline } from '../pipeline/delivery-pipeline';
import type { SchemaRegistry } from '../schema/schema-registry';
import type { TableSchema } from '../schema/table-schema';
import { rowConnectionOptions } from '../source/mysql-options';
import type { TableFilter } from '../stream/table-filter';
import { deadLetterRecord } from '../transport/dead-letter';
import { preparedXaAtPosition } from './prepared-xa';
import { openConsistentSnapshot, type SnapshotPosition } from './snapshot-position';
import { tableChunks, type Row } from './table-chunks';

export interface InitialSnapshotDeps {
  mysqlUrl: string;
  isMariaDb: boolean;
  serverName: string;
  serverId: number;
  chunkSize: number;
  /** Where a row that cannot be decoded goes instead of stopping the snapshot. */
  deadLetterTopic: string;
  /** false for `no_data`: only the position is taken. */
  data: boolean;
  filter: TableFilter;
  databases: string[];
  registry: SchemaRegistry;
  pipeline: DeliveryPipeline;
  offsets: OffsetStore;
  metrics: ConnectorMetrics;
  logger: Logger;
}

/**
 * The consistent initial snapshot: every captured table read inside one REPEATABLE READ
 * transaction, as `op: r` events (`snapshot` first / true / last), followed by the offset of the
 * binlog position that transaction saw, so streaming starts exactly where the snapshot ends: no
 * change is missed at the boundary and none is read twice. The offset is committed only once
 * every snapshot record is acknowledged; a crash before that snapshots again.
 */
export async function runInitialSnapshot(deps: InitialSnapshotDeps): Promise<StoredOffset> {
  const conn = await createConnection(rowConnectionOptions(deps.mysqlUrl));
  try {
    const position = await openConsistentSnapshot(conn, deps.isMariaDb);
    const preparedXaFrom = await preparedXa(deps, position);
    deps.logger.info(
      { file: position.file, pos: position.pos, data: deps.data },
      'snapshot started',
    );
    if (deps.data) await snapshotTables(conn, position, deps);
    await conn.query('COMMIT');
    const offset: StoredOffset = {
      file: position.file,
      pos: position.pos,
      gtid: null,
      gtidSet: position.gtidSet,
      eventsToSkip: 0,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs: Date.now(),
      preparedXaFrom,
    };
    deps.pipeline.push({ records: [], offset, readAtMs: Date.now() });
    await deps.pipeline.drain();
    deps.logger.info({ file: position.file, pos: position.pos }, 'snapshot completed');
    return offset;
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** XA transactions prepared at the snapshot position: see prepared-xa.ts. */
async function preparedXa(
  deps: InitialSnapshotDeps,
  position: SnapshotPosition,
): Promise<StoredOffset['preparedXaFrom']> {
  const conn = await createConnection(rowConnectionOptions(deps.mysqlUrl));
  try {
    return await preparedXaAtPosition(conn, position, deps.logger);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

async function capturedTables(
  conn: Awaited<ReturnType<typeof createConnection>>,
  deps: InitialSnapshotDeps,
): Promise<Array<{ db: string; table: string; estimate: number }>> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, TABLE_ROWS AS estimate FROM INFORMATION_SCHEMA.TABLES
     WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    [deps.databases],
  );
  return rows
    .map((r) => ({ db: String(r.db), table: String(r.tbl), estimate: Number(r.estimate ?? 0) }))
    .filter((t) => deps.filter.captures(t.db, t.table));
}

async function snapshotTables(
  conn: Awaited<ReturnType<typeof createConnection>>,
  position: SnapshotPosition,
  deps: InitialSnapshotDeps,
): Promise<void> {
  const tables = await capturedTables(conn, deps);
  let held: ChangeRecord[] | undefined;
  let first = true;
  let chunk = 0;
  const release = async (last: boolean): Promise<void> => {
    if (!held) return;
    if (last) markSnapshot(held.findLast(isChange), 'last');
    deps.pipeline.push({ records: held, readAtMs: Date.now() });
    held = undefined;
    await deps.pipeline.waitForRoom();
  };
  for (const { db, table, estimate } of tables) {
    const schema = await deps.registry.tableFor(db, table);
    deps.metrics.snapshotRows.set({ table: `${db}.${table}`, kind: 'expected' }, estimate);
    let read = 0;
    for await (const rows of tableChunks(conn, schema, deps.chunkSize)) {
      const records = snapshotRecords(deps, schema, rows, {
        prefix: deps.serverName,
        serverName: deps.serverName,
        schema,
        kind: 'read',
        rows: [],
        position: {
          file: position.file,
          pos: position.pos,
          gtid: null,
          eventsToSkip: chunk++,
          rowsToSkip: 0,
        },
        tsMs: Date.now(),
        serverId: deps.serverId,
        thread: null,
        snapshot: 'true',
        transaction: null,
      });
      if (first) markSnapshot(records.find(isChange), 'first');
      first = false;
      await release(false);
      held = records;
      read += rows.length;
      deps.metrics.snapshotRows.set({ table: `${db}.${table}`, kind: 'read' }, read);
    }
  }
  await release(true);
}

/**
 * A chunk's `op: r` records. A row with a value that cannot be decoded goes to the dead-letter
 * topic, with a reason naming its table and column, and the snapshot goes on with the next row.
 */
function snapshotRecords(
  deps: InitialSnapshotDeps,
  schema: TableSchema,
  rows: Row[],
  input: RowChangeInput,
): ChangeRecord[] {
  try {
    return buildRowChanges({ ...input, rows: rows.map((after) => ({ after })) });
  } catch {
    return rows.flatMap((after, index) => {
      const position = { ...input.position, rowsToSkip: index };
      try {
        return buildRowChanges({ ...input, rows: [{ after }], position });
      } catch (err) {
        const { database: db, table } = schema;
        deps.logger.error(
          { err, db, table },
          'a snapshot row could not be decoded; it goes to the dead-letter topic',
        );
        const topic = `${deps.serverName}.${db}.${table}`;
        return [
          deadLetterRecord(deps.deadLetterTopic, { topic, db, table, position }, err, {
            op: 'read',
            rows: [after],
          }),
        ];
      }
    });
  }
}

/** A change record, not a dead letter. */
function isChange(record: ChangeRecord): boolean {
  return record.value?.source !== undefined;
}

function markSnapshot(record: ChangeRecord | undefined, mark: SourceInfo['snapshot']): void {
  if (record?.value?.source) record.value.source.snapshot = mark;
}
