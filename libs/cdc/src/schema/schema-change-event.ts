import { IDEMPOTENCY_HEADER, type BinlogPosition, type SourceInfo } from '@ficus/contracts';
import { idempotencyKey } from '../events/idempotency-key';
import type { TableSchema } from './table-schema';

/** One column as Debezium's schema change events describe it (the fields Ficus can know). */
export interface SchemaChangeColumn {
  name: string;
  typeName: string;
  typeExpression: string;
  charsetName: string | null;
  length: number | null;
  scale: number | null;
  position: number;
  optional: boolean;
  enumValues: string[];
}

export interface TableChange {
  type: 'CREATE' | 'ALTER' | 'DROP';
  /** Debezium's table id: `"db"."table"`. */
  id: string;
  /** For a rename, the id the table had before. */
  previousId?: string;
  table: { primaryKeyColumnNames: string[]; columns: SchemaChangeColumn[] } | null;
}

/** Debezium's `SchemaChangeValue`, as JSON without schemas. */
export interface SchemaChangeValue {
  source: SourceInfo;
  ts_ms: number;
  databaseName: string;
  schemaName: null;
  ddl: string;
  tableChanges: TableChange[];
}

/** A record for the schema change topic, which Debezium names after the server (`<prefix>`). */
export interface SchemaChangeEvent {
  topic: string;
  key: { databaseName: string };
  value: SchemaChangeValue;
  headers: Record<string, string>;
  position: BinlogPosition;
  partitionKey: string;
}

export function tableId(database: string, table: string): string {
  return `"${database}"."${table}"`;
}

export function describeTable(schema: TableSchema): NonNullable<TableChange['table']> {
  return {
    primaryKeyColumnNames: [...schema.primaryKey],
    columns: schema.columns.map((column, index) => ({
      name: column.name,
      typeName: typeName(column.dataType, column.columnType),
      typeExpression: upperCaseKeywords(column.columnType),
      charsetName: column.charset ?? null,
      length: column.precision ?? column.fsp ?? null,
      scale: column.scale ?? null,
      position: index + 1,
      optional: column.nullable,
      enumValues: column.enumValues ? [...column.enumValues] : [],
    })),
  };
}

/** `INT UNSIGNED ZEROFILL`: the base type with the attributes that change what it holds. */
function typeName(dataType: string, columnType: string): string {
  const attributes = columnType.toLowerCase().replace(/'(?:[^']|'')*'/g, '');
  const words = [dataType.toUpperCase()];
  if (/\bunsigned\b/.test(attributes)) words.push('UNSIGNED');
  if (/\bzerofill\b/.test(attributes)) words.push('ZEROFILL');
  return words.join(' ');
}

/** `enum('a','B') → ENUM('a','B')`: keywords upper-cased, quoted ENUM/SET members as defined. */
function upperCaseKeywords(columnType: string): string {
  return columnType
    .split(/('(?:[^']|'')*')/)
    .map((part, index) => (index % 2 === 1 ? part : part.toUpperCase()))
    .join('');
}

export function schemaChangeEvent(input: {
  prefix: string;
  source: SourceInfo;
  databaseName: string;
  ddl: string;
  tableChanges: TableChange[];
  position: BinlogPosition;
  /** The event's index among those one statement gives (a DROP TABLE of several tables). */
  index?: number;
}): SchemaChangeEvent {
  const { source, position } = input;
  return {
    topic: input.prefix,
    key: { databaseName: input.databaseName },
    value: {
      source,
      ts_ms: source.ts_ms,
      databaseName: input.databaseName,
      schemaName: null,
      ddl: input.ddl,
      tableChanges: input.tableChanges,
    },
    headers: { [IDEMPOTENCY_HEADER]: idempotencyKey(position, input.index ?? 0, 'ddl') },
    position,
    partitionKey: input.databaseName,
  };
}
