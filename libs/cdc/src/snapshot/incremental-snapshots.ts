import { topicName, type BinlogPosition, type ChangeRecord } from '@ficus/contracts';
import type { Pool } from 'mysql2/promise';
import { errorMessage, type Logger } from '@ficus/core';
import { decodeRow } from '../decode/decode-row';
import { buildRowChanges } from '../events/event-builder';
import { recordKey } from '../events/record-key';
import type { DeliveryPipeline } from '../pipeline/delivery-pipeline';
import type { SchemaRegistry } from '../schema/schema-registry';
import type { TableSchema } from '../schema/table-schema';
import type { RowsHook } from '../stream/stream-processor';
import type { TableFilter } from '../stream/table-filter';
import {
  SIGNAL_EXECUTE_SNAPSHOT,
  SignalTable,
  WATERMARK_CLOSE,
  WATERMARK_OPEN,
  snapshotCollections,
} from './signal-table';
import { tableChunks, type Row } from './table-chunks';

/** What incremental snapshots work with; the connector builds it once streaming starts. */
export interface IncrementalSnapshotDeps {
  serverName: string;
  /** The source server's server_id, for `source.server_id`. */
  serverId: number;
  chunkSize: number;
  /** `<db>.<table>` of the signal table; without one, no snapshot can be requested. */
  signalTable: string | undefined;
  pool: Pool;
  filter: TableFilter;
  registry: SchemaRegistry;
  pipeline: DeliveryPipeline;
  logger: Logger;
}

interface Window {
  id: string;
  schema: TableSchema;
  topic: string;
  /** The chunk, by record key, once read. */
  rows: Map<string, Row>;
  /**
   * Keys the stream changed between the watermarks. Kept apart from `rows` because, unlike DBLog,
   * the stream is not paused while the chunk is read: a change can be streamed before the SELECT
   * returns a row that its (older) read view still holds.
   */
  changed: Set<string>;
  open: boolean;
  closed: () => void;
}

/**
 * Incremental, online snapshots on demand (Debezium's execute-snapshot signal), de-duplicated
 * against the stream with DBLog's watermarks (https://arxiv.org/abs/2010.12597): each chunk is read
 * between a low and a high watermark row written to the signal table; when the stream reads the
 * high watermark, the chunk's rows go out as `op: r` records — except those whose key changed
 * between the watermarks, because the stream already carries a newer image of them. Chunks run
 * one at a time while streaming continues; progress is not persisted, so a restart needs a new
 * signal.
 */
export class IncrementalSnapshots implements RowsHook {
  private readonly queue: string[] = [];
  private window: Window | undefined;
  private running = false;
  private readonly signals: SignalTable | undefined;

  constructor(private readonly deps: IncrementalSnapshotDeps) {
    const table = deps.signalTable;
    this.signals = table ? new SignalTable(deps.pool, table) : undefined;
  }

  /** true while a requested table is still being snapshotted. */
  get active(): boolean {
    return this.running || this.queue.length > 0;
  }

  async onRows(
    _db: string,
    _table: string,
    kind: 'insert' | 'update' | 'delete',
    rows: Array<{ before?: Row; after?: Row }>,
    position: BinlogPosition,
  ): Promise<void> {
    if (kind !== 'insert') return;
    for (const { after } of rows) {
      const window = this.window;
      if (!after) continue;
      if (after.type === SIGNAL_EXECUTE_SNAPSHOT) this.request(snapshotCollections(after.data));
      else if (!window || window.id !== after.data) continue;
      else if (after.type === WATERMARK_OPEN) window.open = true;
      else if (after.type === WATERMARK_CLOSE) await this.close(position);
    }
  }

  onChanges(records: ChangeRecord[]): void {
    const window = this.window;
    if (!window?.open) return;
    for (const record of records) {
      if (record.topic === window.topic && record.key)
        window.changed.add(JSON.stringify(record.key));
    }
  }

  private request(tables: string[]): void {
    const filter = this.deps.filter;
    for (const qualified of tables) {
      const [db = '', table = ''] = qualified.split('.');
      if (filter.captures(db, table)) this.queue.push(qualified);
      else
        this.deps.logger.warn(
          { table: qualified },
          'execute-snapshot names a table the connector does not capture',
        );
    }
    if (!this.running) void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift())
        await this.snapshotTable(next);
    } catch (err) {
      this.deps.logger.error(
        { err: errorMessage(err) },
        'incremental snapshot failed; signal again to retry',
      );
    } finally {
      this.running = false;
      this.window = undefined;
    }
  }

  private async snapshotTable(qualified: string): Promise<void> {
    const [db = '', table = ''] = qualified.split('.');
    const { deps } = this;
    const schema = await deps.registry.tableFor(db, table);
    const conn = await deps.pool.getConnection();
    const topic = topicName(deps.serverName, db, table);
    try {
      const chunks = tableChunks(conn, schema, deps.chunkSize);
      for (;;) {
        const id = this.signals!.newWindow();
        const closed = new Promise<void>((resolve) => {
          this.window = {
            id,
            schema,
            topic,
            rows: new Map(),
            changed: new Set(),
            open: false,
            closed: resolve,
          };
        });
        await this.signals!.watermark(WATERMARK_OPEN, id);
        const chunk = await chunks.next();
        for (const row of chunk.done ? [] : chunk.value)
          this.window!.rows.set(keyOf(schema, row), row);
        await this.signals!.watermark(WATERMARK_CLOSE, id);
        await closed;
        await this.signals!.removeWindow(id);
        if (chunk.done) break;
      }
      deps.logger.info({ table: qualified }, 'incremental snapshot completed');
    } finally {
      conn.release();
    }
  }

  /** At the high watermark: what is left of the chunk goes out, in stream order. */
  private close(position: BinlogPosition): Promise<void> {
    const window = this.window;
    if (!window) return Promise.resolve();
    this.window = undefined;
    const rows = [...window.rows].flatMap(([key, row]) => (window.changed.has(key) ? [] : [row]));
    if (rows.length > 0) {
      const records = buildRowChanges({
        prefix: this.deps.serverName,
        serverName: this.deps.serverName,
        schema: window.schema,
        kind: 'read',
        rows: rows.map((after) => ({ after })),
        position,
        tsMs: Date.now(),
        serverId: this.deps.serverId,
        thread: null,
        snapshot: 'incremental',
        transaction: null,
      });
      this.deps.pipeline.push({ records, readAtMs: Date.now() });
    }
    window.closed();
    return Promise.resolve();
  }
}

/** The key as the event builder writes it (`record.key`), so chunk rows and changes compare. */
function keyOf(schema: TableSchema, row: Row): string {
  return JSON.stringify(recordKey(schema, decodeRow(schema, row)));
}
