import type { TableMapEntry, TableMapEvent } from '@vlasky/zongji';
import type { Pool } from 'mysql2/promise';
import { topicName, type BinlogPosition, type SourceInfo } from '@ficus/contracts';
import { FicusError, type Logger } from '@ficus/core';
import { sourceInfo } from '../events/source-info';
import { classifyDdl, dropTablePrefix, type DdlStatement, type TableRef } from './ddl-statement';
import { loadTableSchema } from './information-schema';
import {
  describeTable,
  schemaChangeEvent,
  tableId,
  type SchemaChangeEvent,
  type TableChange,
} from './schema-change-event';
import { captureTableMap, requestRawValues, type CapturedTable } from './binlog-table-map';
import { binlogTableSchema } from './binlog-table-schema';
import type { TableSchema } from './table-schema';

export interface SchemaRegistryOptions {
  /** Topic prefix; also the schema change topic and `source.name` (Debezium's `topic.prefix`). */
  prefix?: string;
  serverId?: number;
  /** Told once per table whose name is not a valid Kafka topic name, as Debezium warns. */
  logger?: Logger;
}

/** Where a DDL statement was read, for the schema change event's `source` block. */
export interface DdlOrigin {
  tsMs?: number;
  serverId?: number;
  thread?: number | null;
  /** Where the QUERY event itself starts, for `source.pos`. */
  eventPos?: number;
  snapshot?: SourceInfo['snapshot'];
}

/** The binlog rows event fields that name the table map zongji decoded its rows with. */
export interface RowsEventTable {
  tableId: number;
  tableMap: Record<number, TableMapEntry>;
}

/**
 * Knows the shape of every captured table. Rows are decoded with the shape the binlog says they
 * were written with (`forRowsEvent`); INFORMATION_SCHEMA supplies what the binlog lacks (primary
 * key, nullability) and serves snapshots (`tableFor`). `onDdl` keeps that cache in step with DDL
 * read from the binlog and turns each statement into a Debezium schema change event.
 */
export class SchemaRegistry {
  private readonly live = new Map<string, Promise<TableSchema | undefined>>();
  private readonly captured = new WeakMap<TableMapEntry, CapturedTable>();
  private readonly fromBinlog = new WeakMap<TableMapEntry, TableSchema>();
  private readonly prefix: string;
  private readonly serverId: number;
  private readonly logger: Logger | undefined;
  private readonly sanitized = new Set<string>();

  constructor(
    private readonly pool: Pool,
    options: SchemaRegistryOptions = {},
  ) {
    this.prefix = options.prefix ?? 'ficus';
    this.serverId = options.serverId ?? 0;
    this.logger = options.logger;
  }

  /** The table's current shape from INFORMATION_SCHEMA (cached until DDL touches it). */
  async tableFor(database: string, table: string): Promise<TableSchema> {
    const schema = await this.liveSchema(database, table);
    if (!schema) {
      throw new FicusError(
        'FICUS_CDC_UNKNOWN_TABLE',
        `table ${database}.${table} does not exist on the source server; ` +
          'check the connector include list, or grant the connector user SELECT on it',
        { details: { database, table } },
      );
    }
    return schema;
  }

  /**
   * Call synchronously from the 'binlog' handler for every TABLE_MAP event, before returning:
   * records the table shape the event carries and asks zongji for the raw bytes of text and
   * spatial columns, which `decodeRow` then decodes exactly (see binlog-table-map.ts for why).
   */
  onTableMap(event: TableMapEvent, isMariaDb: boolean): void {
    const entry = event.tableMap[event.tableId];
    if (!entry || this.captured.has(entry)) return;
    this.captured.set(entry, captureTableMap(event, isMariaDb));
    requestRawValues(entry);
  }

  /** The shape the rows of this binlog rows event were written with. */
  async forRowsEvent(event: RowsEventTable): Promise<TableSchema> {
    const entry = event.tableMap[event.tableId];
    if (!entry) {
      throw new FicusError(
        'FICUS_CDC_NO_TABLE_MAP',
        `no TABLE_MAP event precedes rows of table id ${event.tableId}; ` +
          'resume the binlog from a transaction boundary (zongji options.filename/position)',
      );
    }
    const cached = this.fromBinlog.get(entry);
    if (cached) return cached;
    const captured = this.captured.get(entry) ?? fromZongjiCache(entry);
    const live = await this.liveSchema(entry.parentSchema, entry.tableName);
    const schema = binlogTableSchema(captured, live);
    this.fromBinlog.set(entry, schema);
    return schema;
  }

  /**
   * Applies a DDL statement read from the binlog (call it for every QUERY event; non-DDL returns
   * none) and returns the schema change events to publish on the `<prefix>` topic: one, except
   * for a DROP TABLE of several tables, which gives one per table as Debezium's DDL parser does
   * (`DROP TABLE \`db\`.\`t\``), each in its table's database. TRUNCATE changes no schema: the
   * stream emits `op: t` records instead.
   */
  async onDdl(
    database: string,
    sql: string,
    position: BinlogPosition,
    origin: DdlOrigin = {},
  ): Promise<SchemaChangeEvent[]> {
    const statement = classifyDdl(database, sql);
    if (!statement || statement.kind === 'truncate') return [];
    if (statement.kind === 'drop-table' && statement.tables.length > 1) {
      const prefix = dropTablePrefix(sql);
      return statement.tables.map((ref, index) => {
        this.forget(ref);
        const change: TableChange = {
          type: 'DROP',
          id: tableId(ref.database, ref.table),
          table: null,
        };
        const ddl = `${prefix}${quoteName(ref.database)}.${quoteName(ref.table)}`;
        return this.changeEvent(ref.database, ddl, [change], position, origin, index);
      });
    }
    const tableChanges = await this.apply(statement);
    return [
      this.changeEvent(statementDatabase(statement, database), sql, tableChanges, position, origin),
    ];
  }

  /**
   * A table's schema as the snapshot found it, as Debezium emits one per captured table when a
   * snapshot starts: a consumer that reads the schema change topic from its beginning knows the
   * columns of every table, not only of those changed since.
   */
  async snapshotTable(
    database: string,
    table: string,
    ddl: string,
    position: BinlogPosition,
  ): Promise<SchemaChangeEvent> {
    const schema = await this.tableFor(database, table);
    const change: TableChange = {
      type: 'CREATE',
      id: tableId(database, table),
      table: describeTable(schema),
    };
    return this.changeEvent(database, ddl, [change], position, { snapshot: 'true' });
  }

  private changeEvent(
    database: string,
    ddl: string,
    tableChanges: TableChange[],
    position: BinlogPosition,
    origin: DdlOrigin,
    index = 0,
  ): SchemaChangeEvent {
    const source = sourceInfo({
      serverName: this.prefix,
      database,
      table: null,
      position,
      ...(origin.eventPos === undefined ? {} : { eventPos: origin.eventPos }),
      row: 0,
      tsMs: origin.tsMs ?? Date.now(),
      serverId: origin.serverId ?? this.serverId,
      thread: origin.thread ?? null,
      snapshot: origin.snapshot ?? 'false',
    });
    return schemaChangeEvent({
      prefix: this.prefix,
      source,
      databaseName: database,
      ddl,
      tableChanges,
      position,
      index,
    });
  }

  private async apply(statement: DdlStatement): Promise<TableChange[]> {
    switch (statement.kind) {
      case 'create-table':
      case 'alter-table':
        return this.describeAll(
          statement.tables,
          statement.kind === 'create-table' ? 'CREATE' : 'ALTER',
        );
      case 'drop-table':
        return statement.tables.map((ref) => {
          this.forget(ref);
          return { type: 'DROP', id: tableId(ref.database, ref.table), table: null };
        });
      case 'rename-table':
        return this.renameAll(statement.renames);
      case 'database':
        this.forgetDatabase(statement.database);
        return [];
      case 'truncate':
      case 'other':
        return [];
    }
  }

  private async describeAll(refs: TableRef[], type: 'CREATE' | 'ALTER'): Promise<TableChange[]> {
    const changes: TableChange[] = [];
    for (const ref of refs) {
      this.forget(ref);
      const schema = await this.liveSchema(ref.database, ref.table);
      changes.push({
        type,
        id: tableId(ref.database, ref.table),
        table: schema ? describeTable(schema) : null,
      });
    }
    return changes;
  }

  private async renameAll(
    renames: Array<{ from: TableRef; to: TableRef }>,
  ): Promise<TableChange[]> {
    const changes: TableChange[] = [];
    for (const { from, to } of renames) {
      this.forget(from);
      this.forget(to);
      const schema = await this.liveSchema(to.database, to.table);
      changes.push({
        type: 'ALTER',
        id: tableId(to.database, to.table),
        previousId: tableId(from.database, from.table),
        table: schema ? describeTable(schema) : null,
      });
    }
    return changes;
  }

  private liveSchema(database: string, table: string): Promise<TableSchema | undefined> {
    const key = cacheKey(database, table);
    let schema = this.live.get(key);
    if (!schema) {
      this.warnIfSanitized(database, table);
      schema = loadTableSchema(this.pool, database, table);
      // A failed lookup (server briefly unreachable) must not stay cached.
      void schema.catch(() => this.live.delete(key));
      this.live.set(key, schema);
    }
    return schema;
  }

  private warnIfSanitized(database: string, table: string): void {
    const name = `${this.prefix}.${database}.${table}`;
    const topic = topicName(this.prefix, database, table);
    if (name === topic || this.sanitized.has(name)) return;
    this.sanitized.add(name);
    this.logger?.warn(
      { table: `${database}.${table}`, topic },
      'the table name is not a valid Kafka topic name; its changes go to the topic named here',
    );
  }

  private forget(ref: TableRef): void {
    this.live.delete(cacheKey(ref.database, ref.table));
  }

  private forgetDatabase(database: string): void {
    for (const key of [...this.live.keys()]) {
      if (key.startsWith(`${database}\u0000`)) this.live.delete(key);
    }
  }
}

/** Without onTableMap, zongji decoded the rows with its own view of the table: describe that. */
function fromZongjiCache(entry: TableMapEntry): CapturedTable {
  return {
    database: entry.parentSchema,
    table: entry.tableName,
    columns: entry.columnSchemas.map((source) => ({
      name: source.COLUMN_NAME,
      columnType: source.COLUMN_TYPE,
      charset: source.CHARACTER_SET_NAME,
      ...(source.UNSIGNED === undefined ? {} : { unsigned: source.UNSIGNED }),
      ...((source.ENUM_VALUES ?? source.SET_VALUES)
        ? { enumValues: source.ENUM_VALUES ?? source.SET_VALUES }
        : {}),
    })),
  };
}

/**
 * The database a statement's event belongs to: the table's own when the statement names it
 * (`ALTER TABLE shop.orders` run from another default database, or none), else the session's.
 */
function statementDatabase(statement: DdlStatement, session: string): string {
  switch (statement.kind) {
    case 'database':
      return statement.database;
    case 'rename-table':
      return statement.renames[0]?.to.database ?? session;
    case 'other':
      return session;
    case 'create-table':
    case 'alter-table':
    case 'drop-table':
    case 'truncate':
      return statement.tables[0]?.database ?? session;
  }
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function cacheKey(database: string, table: string): string {
  return `${database}\u0000${table}`;
}
