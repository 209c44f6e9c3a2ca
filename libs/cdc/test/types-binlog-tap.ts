import ZongJi, { type AnyBinlogEvent, type TableMapEntry } from '@vlasky/zongji';
import type { RowDataPacket } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import type { TestDatabase } from '@ficus/testing';
import { ZONGJI_DECODE_OPTIONS } from '../src/decode/zongji-options';
import { buildRowChanges, type RowChangeKind } from '../src/events/event-builder';
import type { SchemaChangeEvent } from '../src/schema/schema-change-event';
import { SchemaRegistry } from '../src/schema/schema-registry';
import type { TableSchema } from '../src/schema/table-schema';

const ROW_EVENTS: Record<string, RowChangeKind> = {
  writerows: 'insert',
  updaterows: 'update',
  deleterows: 'delete',
};
export const MARKER_TABLE = 'zz_marker';

/** Records decoded from the binlog, with the schema each rows event was decoded with. */
export interface TappedChange {
  schema: TableSchema;
  records: ChangeRecord[];
}

export interface BinlogCoordinates {
  file: string;
  pos: number;
}

/**
 * A binlog reader for the type and schema-change suites: zongji from the current binlog position,
 * only the test's database, each rows event turned into Debezium records through the real
 * SchemaRegistry, decodeRow and buildRowChanges. `drain()` writes a marker row and resolves once
 * the reader has seen it, so every earlier change has been decoded.
 */
export class BinlogTap {
  readonly changes: TappedChange[] = [];
  /** What SchemaRegistry.onDdl returned for each QUERY event of the test's database. */
  readonly ddl: Array<{ sql: string; event: SchemaChangeEvent | undefined }> = [];
  private chain: Promise<void> = Promise.resolve();
  private markerSeen: (() => void) | undefined;
  private failure: unknown;
  private zongji: ZongJi | undefined;

  constructor(
    private readonly db: TestDatabase,
    readonly registry = new SchemaRegistry(db.pool, { prefix: 'ficus', serverId: 1 }),
  ) {}

  /** The server's current binlog position: start() from it later to read behind the live schema. */
  async coordinates(): Promise<BinlogCoordinates> {
    const [[status]] = await this.db.pool.query<RowDataPacket[]>('SHOW MASTER STATUS');
    return { file: String(status?.File), pos: Number(status?.Position) };
  }

  async start(from?: BinlogCoordinates): Promise<void> {
    await this.db.pool.query(
      `CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (id INT PRIMARY KEY AUTO_INCREMENT)`,
    );
    const start = from ?? (await this.coordinates());
    const url = new URL(this.db.url);
    const zongji = new ZongJi({
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      ...ZONGJI_DECODE_OPTIONS,
    });
    this.zongji = zongji;
    await new Promise<void>((resolve, reject) => {
      zongji.on('ready', () => resolve());
      zongji.on('error', (err: Error) => {
        this.failure = err;
        this.markerSeen?.();
        reject(err);
      });
      zongji.on('binlog', (event: AnyBinlogEvent) => this.onEvent(event, zongji.isMariaDb));
      zongji.start({
        serverId: 10_000 + (process.pid % 50_000),
        filename: start.file,
        position: start.pos,
        includeSchema: { [this.db.name]: true },
        includeEvents: ['query', 'tablemap', 'writerows', 'updaterows', 'deleterows'],
      });
    });
  }

  /** Resolves once every change written before the call has been decoded. */
  async drain(): Promise<void> {
    const seen = new Promise<void>((resolve) => (this.markerSeen = resolve));
    await this.db.pool.query(`INSERT INTO ${MARKER_TABLE} () VALUES ()`);
    await seen;
    await this.chain;
    if (this.failure) throw new Error('the binlog tap failed', { cause: this.failure });
  }

  /** Every record of a table, in binlog order. */
  recordsOf(table: string): ChangeRecord[] {
    return this.changes.filter((c) => c.schema.table === table).flatMap((c) => c.records);
  }

  async stop(): Promise<void> {
    const zongji = this.zongji;
    if (!zongji) return;
    await new Promise<void>((resolve) => {
      zongji.once('stopped', () => resolve());
      zongji.stop();
    });
  }

  private onEvent(event: AnyBinlogEvent, isMariaDb: boolean): void {
    if (event.getEventName() === 'query' && 'query' in event) {
      const { schema, query } = event;
      if (schema !== this.db.name || /^(BEGIN|COMMIT)\b/i.test(query)) return;
      const position = {
        file: 'binlog',
        pos: event.nextPosition,
        gtid: null,
        eventsToSkip: 0,
        rowsToSkip: 0,
      };
      this.chain = this.chain
        .then(async () => {
          const [event] = await this.registry.onDdl(schema, query, position);
          this.ddl.push({ sql: query, event });
        })
        .catch((err: unknown) => {
          this.failure = err;
        });
      return;
    }
    if (event.getEventName() === 'tablemap' && 'tableId' in event) {
      this.registry.onTableMap(event as Parameters<SchemaRegistry['onTableMap']>[0], isMariaDb);
      return;
    }
    const kind = ROW_EVENTS[event.getEventName()];
    if (!kind || !('rows' in event)) return;
    const entry = event.tableMap[event.tableId];
    if (entry?.tableName === MARKER_TABLE) {
      this.chain = this.chain.then(() => this.markerSeen?.());
      return;
    }
    const rows = event.rows as Array<Record<string, unknown>>;
    this.chain = this.chain
      .then(() => this.decode(event.tableId, entry, kind, rows, event.timestamp))
      .catch((err: unknown) => {
        this.failure = err;
      });
  }

  private async decode(
    tableId: number,
    entry: TableMapEntry | undefined,
    kind: RowChangeKind,
    rows: Array<Record<string, unknown>>,
    tsMs: number,
  ): Promise<void> {
    if (!entry) return;
    const schema = await this.registry.forRowsEvent({ tableId, tableMap: { [tableId]: entry } });
    const shaped = rows.map((row) =>
      kind === 'update'
        ? (row as { before: Record<string, unknown>; after: Record<string, unknown> })
        : kind === 'insert'
          ? { after: row }
          : { before: row },
    );
    const records = buildRowChanges({
      prefix: 'ficus',
      serverName: 'ficus',
      schema,
      kind,
      rows: shaped,
      position: {
        file: 'binlog',
        pos: 4,
        gtid: null,
        eventsToSkip: this.changes.length,
        rowsToSkip: 0,
      },
      tsMs,
      serverId: 1,
      thread: null,
      snapshot: 'false',
      transaction: null,
    });
    this.changes.push({ schema, records });
  }
}
