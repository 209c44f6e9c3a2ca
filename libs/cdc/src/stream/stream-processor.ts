import type { AnyBinlogEvent, TableMapEntry } from '@vlasky/zongji';
import type { BinlogPosition, ChangeRecord } from '@ficus/contracts';
import type { Logger } from '@ficus/core';
import { decodeRow } from '../decode/decode-row';
import { buildRowChanges, buildTruncate } from '../events/event-builder';
import type { DeliveryPipeline, PipelineEntry } from '../pipeline/delivery-pipeline';
import { classifyDdl } from '../schema/ddl-statement';
import type { SchemaRegistry } from '../schema/schema-registry';
import type { TableSchema } from '../schema/table-schema';
import type { HeldRecords } from '../source/held-records';
import type { TransactionTracker } from '../source/transaction-tracker';
import { controlRecord } from '../transport/control-record';
import { deadLetterRecord } from '../transport/dead-letter';
import { isEvent, queryKind, xaStatement, xidKey } from './binlog-event';
import type { TableFilter } from './table-filter';

/** Events read but not processed yet; above this the binlog socket pauses. */
const INBOX_HIGH = 256;
const INBOX_LOW = 32;

type RowKind = 'insert' | 'update' | 'delete';
type RawRow = { before?: Record<string, unknown>; after?: Record<string, unknown> };

type InboxItem =
  | { kind: 'binlog'; event: AnyBinlogEvent; readAtMs: number; table?: TableMapEntry }
  | { kind: 'heartbeat'; readAtMs: number };

export interface RowsHook {
  /** Rows of the signal table (incremental snapshots), before the stream decides about them. */
  onRows(
    db: string,
    table: string,
    kind: RowKind,
    rows: RawRow[],
    position: BinlogPosition,
  ): Promise<void>;
  /** Change records about to be pushed; may drop snapshot rows the change supersedes. */
  onChanges(records: ChangeRecord[]): void;
}

export interface StreamProcessorDeps {
  serverName: string;
  /** The source server's server_id, for `source.server_id` when an event does not carry it. */
  serverId: number;
  deadLetterTopic: string;
  registry: SchemaRegistry;
  pipeline: DeliveryPipeline;
  tracker: TransactionTracker;
  filter: TableFilter;
  logger: Logger;
  pauseSource(): void;
  resumeSource(): void;
  onFatal(err: unknown): void;
  /** The number of prepared XA transactions held, whenever it changes. */
  onHeldXa?(count: number): void;
  /** Records per entry when a spilled XA transaction is read back (delivery.maxBatchRecords). */
  chunkRecords?: number;
  /** Whether the source is MariaDB, whose TABLE_MAP charset metadata counts spatial columns. */
  isMariaDb?: boolean;
  hook?: RowsHook;
}

/**
 * Turns binlog events into change records, in binlog order: rows through the event builder,
 * DDL through the schema registry to the schema change topic, TRUNCATE into `op: t`, commits into
 * offsets. Events queue in an inbox because decoding may wait for the schema or for room in the
 * delivery buffer; a full inbox or buffer pauses the binlog socket.
 */
export class StreamProcessor {
  private readonly inbox: InboxItem[] = [];
  private running = false;
  private lastTsMs = 0;
  private stopped = false;

  constructor(private readonly deps: StreamProcessorDeps) {}

  /** zongji's 'binlog' handler: synchronous, so the table map is captured now, not later. */
  enqueue(event: AnyBinlogEvent): void {
    if (this.stopped) return;
    // Before zongji parses the rows this table map describes, or they decode with its view of it.
    if (isEvent(event, 'tablemap'))
      this.deps.registry.onTableMap(event, this.deps.isMariaDb ?? true);
    const readAtMs = Date.now();
    const rows = rowsEventTable(event);
    this.inbox.push(
      rows ? { kind: 'binlog', event, readAtMs, table: rows } : { kind: 'binlog', event, readAtMs },
    );
    if (this.inbox.length >= INBOX_HIGH) this.deps.pauseSource();
    this.run();
  }

  /** A heartbeat goes through the inbox so its offset never runs ahead of an event in progress. */
  heartbeat(): void {
    if (this.stopped) return;
    this.inbox.push({ kind: 'heartbeat', readAtMs: Date.now() });
    this.run();
  }

  /** Resolves once every queued event is processed (pushed to the pipeline). */
  async idle(): Promise<void> {
    while (this.running || this.inbox.length > 0) await new Promise((r) => setTimeout(r, 10));
  }

  stop(): void {
    this.stopped = true;
    this.inbox.length = 0;
  }

  private run(): void {
    if (this.running) return;
    this.running = true;
    void this.loop()
      .catch((err: unknown) => {
        this.stopped = true;
        this.deps.onFatal(err);
      })
      .finally(() => {
        this.running = false;
      });
  }

  private async loop(): Promise<void> {
    const { pipeline } = this.deps;
    for (let item = this.inbox.shift(); item && !this.stopped; item = this.inbox.shift()) {
      if (item.kind === 'heartbeat') this.pushHeartbeat();
      else await this.handle(item.event, item.readAtMs, item.table);
      if (!pipeline.hasRoom) {
        this.deps.pauseSource();
        await pipeline.waitForRoom();
      }
      if (this.inbox.length <= INBOX_LOW) this.deps.resumeSource();
    }
  }

  private async handle(
    event: AnyBinlogEvent,
    readAtMs: number,
    table?: TableMapEntry,
  ): Promise<void> {
    const { tracker } = this.deps;
    if (isEvent(event, 'writerows'))
      return this.rows(
        event,
        'insert',
        event.rows.map((after) => ({ after })),
        readAtMs,
        table,
      );
    if (isEvent(event, 'updaterows'))
      return this.rows(event, 'update', event.rows, readAtMs, table);
    if (isEvent(event, 'deleterows'))
      return this.rows(
        event,
        'delete',
        event.rows.map((before) => ({ before })),
        readAtMs,
        table,
      );
    if (isEvent(event, 'query')) return this.query(event.schema, event.query, event, readAtMs);
    if (isEvent(event, 'mariadbgtid')) {
      tracker.begin(event.gtid, event.threadId ?? null, event.preparedXa);
    } else if (isEvent(event, 'gtid')) {
      tracker.begin(event.gtid, null);
    } else if (isEvent(event, 'anonymousgtid')) {
      tracker.begin(null, null);
    } else if (isEvent(event, 'xaprepare')) {
      if (event.onePhase || !tracker.transaction?.xaRecords) return this.releaseXa(event, readAtMs);
      const xid = xidKey(event.xidFormatId, event.xidGtrid, event.xidBqual);
      tracker.prepared(xid, event.nextPosition);
      this.deps.onHeldXa?.(tracker.heldCount);
    } else if (isEvent(event, 'xid')) {
      this.commit(event.nextPosition, readAtMs);
    } else if (isEvent(event, 'rotate')) {
      tracker.rotate(event.binlogName, event.position);
    } else if (isEvent(event, 'heartbeat')) {
      if (!tracker.transaction) tracker.rotate(event.binlogName, event.nextPosition);
    } else if (!isEvent(event, 'tablemap')) {
      tracker.passed(event.nextPosition);
    }
  }

  private async rows(
    event: AnyBinlogEvent,
    kind: RowKind,
    rows: RawRow[],
    readAtMs: number,
    entry: TableMapEntry | undefined,
  ): Promise<void> {
    const { tracker, filter, hook } = this.deps;
    const plan = tracker.nextRowEvent();
    this.lastTsMs = event.timestamp;
    if (!entry) return;
    const db = entry.parentSchema;
    const tableName = entry.tableName;
    // Checked before the resume skip, so a marked transaction replayed after a restart stays marked.
    const txn = tracker.transaction;
    if (txn && filter.isMarkerTable(db, tableName)) txn.marked = true;
    if (txn?.marked || plan.firstRow >= rows.length) return;
    // Before the stored offset, only prepared XA transactions' rows are gathered again.
    if (tracker.replaying && !txn?.xaRecords) return;
    if (hook && !tracker.replaying && filter.isSignalTable(db, tableName)) {
      // zongji hands over text columns as their stored bytes (see binlog-table-map.ts).
      const schema = await this.deps.registry.forRowsEvent(tableEvent(event, entry));
      await hook.onRows(db, tableName, kind, decodedRows(schema, rows), plan.position);
    }
    if (!filter.captures(db, tableName)) return;
    const position = { ...plan.position, rowsToSkip: plan.firstRow };
    const delivered = plan.firstRow > 0 ? rows.slice(plan.firstRow) : rows;
    let records: ChangeRecord[];
    try {
      const schema = await this.deps.registry.forRowsEvent(tableEvent(event, entry));
      records = this.build(schema, kind, delivered, position, event.timestamp);
    } catch (err) {
      this.deps.logger.error(
        { err, db, table: tableName, file: position.file, pos: position.pos },
        'a row event could not be decoded; it goes to the dead-letter topic',
      );
      records = [
        deadLetterRecord(
          this.deps.deadLetterTopic,
          { topic: `${this.deps.serverName}.${db}.${tableName}`, db, table: tableName, position },
          err,
          { op: kind, rows: delivered },
        ),
      ];
    }
    if (txn?.xaRecords) {
      txn.xaRecords.push(...records);
      return;
    }
    hook?.onChanges(records);
    if (records.length === 0) return;
    if (txn) txn.emitted = true;
    this.push({
      records,
      offset: tracker.offset(event.timestamp),
      commitTsMs: event.timestamp,
      readAtMs,
    });
  }

  private build(
    schema: TableSchema,
    kind: RowKind,
    rows: RawRow[],
    position: BinlogPosition,
    tsMs: number,
  ): ChangeRecord[] {
    const txn = this.deps.tracker.transaction;
    const records = buildRowChanges({
      prefix: this.deps.serverName,
      serverName: this.deps.serverName,
      schema,
      kind,
      rows,
      position,
      tsMs,
      serverId: this.deps.serverId,
      thread: txn?.thread ?? null,
      snapshot: 'false',
      transaction: txn ? transactionBlock(txn, `${schema.database}.${schema.table}`) : null,
    });
    if (txn) countOrders(txn, `${schema.database}.${schema.table}`, records);
    return records;
  }

  private async query(
    db: string,
    sql: string,
    event: AnyBinlogEvent,
    readAtMs: number,
  ): Promise<void> {
    const { tracker, registry, filter } = this.deps;
    const xa = xaStatement(sql);
    if (xa) return this.xa(xa, event, readAtMs);
    const kind = queryKind(sql);
    if (kind === 'begin') {
      tracker.begin(event.gtid ?? null, isEvent(event, 'query') ? event.slaveProxyId : null);
      return;
    }
    if (kind === 'commit') {
      this.commit(event.nextPosition, readAtMs);
      return;
    }
    const ddl = classifyDdl(db, sql);
    if (!ddl) return;
    const txn = tracker.begin(
      event.gtid ?? null,
      isEvent(event, 'query') ? event.slaveProxyId : null,
    );
    if (tracker.replaying) {
      tracker.commit(event.nextPosition);
      return;
    }
    const position: BinlogPosition = {
      file: txn.start.file,
      pos: txn.start.pos,
      gtid: txn.gtid,
      eventsToSkip: txn.rowEvents,
      rowsToSkip: 0,
    };
    const records: ChangeRecord[] = [];
    if (ddl.kind === 'truncate') {
      for (const ref of ddl.tables) {
        if (!filter.captures(ref.database, ref.table)) continue;
        const schema = await registry.tableFor(ref.database, ref.table);
        records.push(
          ...buildTruncate({
            prefix: this.deps.serverName,
            serverName: this.deps.serverName,
            schema,
            position,
            tsMs: event.timestamp,
            serverId: this.deps.serverId,
            thread: txn.thread,
            snapshot: 'false',
            transaction: null,
          }),
        );
      }
    } else {
      const change = await registry.onDdl(db, sql, position, {
        tsMs: event.timestamp,
        serverId: this.deps.serverId,
        thread: txn.thread,
      });
      if (change && filter.capturesDatabase(change.value.databaseName)) {
        records.push(
          controlRecord(
            change.topic,
            change.key,
            { ...change.value },
            change.position,
            change.headers,
          ),
        );
      }
    }
    tracker.commit(event.nextPosition);
    if (records.length === 0) return;
    this.push({
      records,
      offset: tracker.offset(event.timestamp),
      commitTsMs: event.timestamp,
      readAtMs,
    });
  }

  /**
   * XA statements in QUERY events. MySQL opens a prepare group with XA START (MariaDB flags its
   * GTID event instead); XA COMMIT publishes the records held since XA PREPARE, XA ROLLBACK drops
   * them. Both arrive in a group of their own, perhaps long after the prepare.
   */
  private async xa(
    xa: NonNullable<ReturnType<typeof xaStatement>>,
    event: AnyBinlogEvent,
    readAtMs: number,
  ): Promise<void> {
    const { tracker } = this.deps;
    const thread = isEvent(event, 'query') ? event.slaveProxyId : null;
    if (xa.verb === 'start') {
      tracker.begin(event.gtid ?? null, thread, true);
      return;
    }
    if (xa.verb !== 'commit' && xa.verb !== 'rollback') return;
    const held = tracker.ended(xa.xid);
    this.deps.onHeldXa?.(tracker.heldCount);
    if (xa.verb === 'rollback' || tracker.replaying || !held) {
      held?.release();
      tracker.commit(event.nextPosition);
      return;
    }
    await this.publishHeld(held, event, readAtMs);
  }

  /** A one-phase XA commit, or a prepare event outside an XA prepare group: a plain commit. */
  private async releaseXa(event: AnyBinlogEvent, readAtMs: number): Promise<void> {
    const records = this.deps.tracker.transaction?.xaRecords;
    if (records?.length && !this.deps.tracker.replaying) {
      await this.publishHeld(records, event, readAtMs);
    } else {
      records?.release();
      this.commit(event.nextPosition, readAtMs);
    }
  }

  /**
   * An XA transaction's records, with the offset past its commit. Held in memory, they go as one
   * entry; spilled to disk, they are read back in entries of `maxBatchRecords`, each waiting for
   * room in the delivery buffer, and only the last one carries the offset (a crash in between
   * publishes the transaction again after the restart, never part of it).
   */
  private async publishHeld(
    held: HeldRecords,
    commit: AnyBinlogEvent,
    readAtMs: number,
  ): Promise<void> {
    const { tracker, hook, pipeline } = this.deps;
    tracker.commit(commit.nextPosition);
    this.lastTsMs = commit.timestamp;
    const offset = tracker.offset(commit.timestamp);
    const entry = (records: ChangeRecord[], last: boolean): PipelineEntry => ({
      records,
      ...(last ? { offset } : {}),
      commitTsMs: commit.timestamp,
      readAtMs,
    });
    try {
      if (held.spilled === 0) {
        const records = [...held.inMemory];
        hook?.onChanges(records);
        this.push(entry(records, true));
        return;
      }
      let pending: ChangeRecord[] | undefined;
      for await (const chunk of held.chunks(this.deps.chunkRecords ?? 4096)) {
        if (pending) {
          this.push(entry(pending, false));
          if (!pipeline.hasRoom) await pipeline.waitForRoom();
        }
        hook?.onChanges(chunk);
        pending = chunk;
      }
      this.push(entry(pending ?? [], true));
    } finally {
      held.release();
    }
  }

  /**
   * A transaction that produced records gets an offset past its commit. Others (tables not
   * captured, the connector's own offset writes) only move the tracked position: committing an
   * offset for each would write a transaction per transaction read, and read those too; heartbeats
   * carry the position forward instead.
   */
  private commit(nextPosition: number, readAtMs: number): void {
    if (!this.deps.tracker.commit(nextPosition)) return;
    this.push({ records: [], offset: this.deps.tracker.offset(this.lastTsMs), readAtMs });
  }

  private pushHeartbeat(): void {
    const { tracker, serverName } = this.deps;
    if (tracker.replaying) return;
    const offset = tracker.offset(this.lastTsMs);
    const position: BinlogPosition = {
      file: offset.file,
      pos: offset.pos,
      gtid: offset.gtid,
      eventsToSkip: offset.eventsToSkip,
      rowsToSkip: 0,
    };
    const record = controlRecord(
      `__ficus-heartbeat.${serverName}`,
      { serverName },
      { ts_ms: Date.now() },
      position,
    );
    this.push({ records: [record], offset, readAtMs: Date.now() });
  }

  private push(entry: PipelineEntry): void {
    this.deps.pipeline.push(entry);
  }
}

function rowsEventTable(event: AnyBinlogEvent): TableMapEntry | undefined {
  if (isEvent(event, 'writerows') || isEvent(event, 'updaterows') || isEvent(event, 'deleterows')) {
    return event.tableMap[event.tableId];
  }
  return undefined;
}

/** The rows event as the registry reads it, pinned to the table map it was decoded with. */
function tableEvent(event: AnyBinlogEvent, entry: TableMapEntry) {
  const tableId = (event as { tableId?: number }).tableId ?? 0;
  return { tableId, tableMap: { [tableId]: entry } };
}

function decodedRows(schema: TableSchema, rows: RawRow[]): RawRow[] {
  return rows.map(({ before, after }) => ({
    ...(before ? { before: decodeRow(schema, before) } : {}),
    ...(after ? { after: decodeRow(schema, after) } : {}),
  }));
}

function transactionBlock(
  txn: NonNullable<TransactionTracker['transaction']>,
  table: string,
): { id: string; total_order: number; data_collection_order: number } {
  // Debezium counts from 1; the builder counts on from the first record's numbers.
  return {
    id: txn.id,
    total_order: txn.totalOrder + 1,
    data_collection_order: (txn.perTable.get(table) ?? 0) + 1,
  };
}

function countOrders(
  txn: NonNullable<TransactionTracker['transaction']>,
  table: string,
  records: ChangeRecord[],
): void {
  const events = records.filter((r) => r.value !== null).length;
  txn.totalOrder += events;
  txn.perTable.set(table, (txn.perTable.get(table) ?? 0) + events);
}
