/**
 * Change events as Ficus publishes them: Debezium's MySQL connector envelope, serialised as JSON
 * without schemas (`value.converter.schemas.enable=false`), so existing Kafka tooling reads them.
 * https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-events
 */
export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't';

export interface SourceInfo {
  version: string;
  connector: 'mysql';
  name: string;
  ts_ms: number;
  snapshot: 'true' | 'false' | 'first' | 'last' | 'incremental';
  db: string;
  table: string | null;
  server_id: number;
  gtid: string | null;
  file: string;
  pos: number;
  row: number;
  thread: number | null;
  query: null;
}

export interface ChangeEventValue {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: SourceInfo;
  op: ChangeOp;
  ts_ms: number;
  transaction: { id: string; total_order: number; data_collection_order: number } | null;
}

export interface BinlogPosition {
  file: string;
  pos: number;
  gtid: string | null;
  /** events of the current transaction already delivered (resume inside a transaction) */
  eventsToSkip: number;
  rowsToSkip: number;
}

export interface ChangeRecord {
  topic: string;
  key: Record<string, unknown> | null;
  value: ChangeEventValue | null;
  headers: Record<string, string>;
  position: BinlogPosition;
  /** partitioning key as a string, stable per primary key */
  partitionKey: string;
}

/** Header carrying `<gtid or file:pos>:<row index>`; the same for every redelivery of an event. */
export const IDEMPOTENCY_HEADER = 'ficus-idempotency-key';

/**
 * Debezium's data-collection topic name: `<topic.prefix>.<database>.<table>`, made a name Kafka
 * accepts as Debezium's topic naming strategy does.
 */
export function topicName(prefix: string, db: string, table: string): string {
  return sanitizeTopicName(`${prefix}.${db}.${table}`);
}

/** Kafka's limit on a topic name (org.apache.kafka.common.internals.Topic). */
const MAX_TOPIC_NAME_LENGTH = 249;

/**
 * Kafka refuses topic names with characters outside `[a-zA-Z0-9._-]`, longer than 249 characters,
 * or equal to `.` or `..`. Like Debezium's `sanitizedTopicName`, each offending UTF-16 unit
 * becomes `_`, the name is cut at 249 characters and `.`/`..` become `_`/`__`, so a table named
 * `odd$name` or `café` publishes to `….odd_name` / `….caf_`.
 */
export function sanitizeTopicName(name: string): string {
  const replaced = name.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, MAX_TOPIC_NAME_LENGTH);
  return replaced === '.' || replaced === '..' ? replaced.replace(/\./g, '_') : replaced;
}
