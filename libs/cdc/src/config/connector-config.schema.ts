import { z } from 'zod';

export const SNAPSHOT_MODES = ['initial', 'when_needed', 'no_data', 'never'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9_$]+$/, 'must be a plain identifier (letters, digits, _ and $)');
const qualifiedTable = z
  .string()
  .regex(/^[A-Za-z0-9_$]+\.[A-Za-z0-9_$]+$/, 'must be "<database>.<table>"');

const kafkaTransport = z.strictObject({
  kind: z.literal('kafka'),
  brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1),
  clientId: z.string().default('ficus-cdc'),
  /** Partitions of the topics the connector creates; existing topics are left as they are. */
  partitions: z.number().int().min(1).default(1),
  replicationFactor: z.number().int().min(1).default(1),
  /** Bytes per produce request; below the broker's message.max.bytes (1 MB by default). */
  maxRequestBytes: z.number().int().min(1024).default(900_000),
});

const embeddedTransport = z.strictObject({ kind: z.literal('embedded') });

/** One JSON line per event, to a file (appended, fsynced before each offset commit) or `-`, stdout. */
const jsonLinesTransport = z.strictObject({
  kind: z.literal('jsonl'),
  path: z.string().min(1).default('-'),
});

const mysqlOffsets = z.strictObject({
  store: z.literal('mysql'),
  database: identifier,
  table: identifier.default('ficus_cdc_offsets'),
});

const fileOffsets = z.strictObject({ store: z.literal('file'), path: z.string().min(1) });

export const connectorConfigSchema = z.strictObject({
  /** Topic prefix and the `source.name` of every event (Debezium's topic.prefix). */
  serverName: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must use letters, digits, _ and - only (it prefixes topic names)'),
  source: z.strictObject({
    mysqlUrl: z.url({ protocol: /^mysql$/, error: 'must be a mysql://user:pass@host:port/ URL' }),
    /** The replica id the connector registers with; unique among the server's replicas. */
    serverId: z.number().int().min(1).max(4294967295),
    databases: z.array(identifier).min(1),
    /** Include list of "<db>.<table>"; empty captures every table of `databases`. */
    tables: z.array(qualifiedTable).default([]),
    /**
     * "<db>.<table>": a transaction whose row events include a write to this table produces no
     * records (loop prevention for two-way sync: the syncing writer writes it first in each of its
     * transactions, so its own changes are not captured back).
     */
    skipTransactionsMarkedBy: qualifiedTable.optional(),
  }),
  snapshot: z
    .strictObject({
      mode: z.enum(SNAPSHOT_MODES).default('initial'),
      chunkSize: z.number().int().min(1).max(100_000).default(4096),
    })
    .default({ mode: 'initial', chunkSize: 4096 }),
  transport: z.discriminatedUnion('kind', [kafkaTransport, embeddedTransport, jsonLinesTransport]),
  offsets: z.discriminatedUnion('store', [mysqlOffsets, fileOffsets]),
  heartbeat: z
    .strictObject({ intervalMs: z.number().int().min(0).default(10_000) })
    .default({ intervalMs: 10_000 }),
  /** Defaults to `__ficus-dlq.<serverName>`. */
  deadLetterTopic: z.string().min(1).optional(),
  /** "<db>.<table>" of the signal table (Debezium's signal.data.collection). */
  signalTable: qualifiedTable.optional(),
  delivery: z
    .strictObject({
      maxBatchRecords: z.number().int().min(1).default(4096),
      /** The binlog stream pauses above this many undelivered records (bounded memory). */
      maxBufferedRecords: z.number().int().min(1).default(8192),
      retries: z.number().int().min(1).default(30),
      /**
       * Records of prepared XA transactions kept in memory until their XA COMMIT, all of them
       * together; beyond it they wait in files under the system's temporary directory.
       */
      maxHeldXaRecords: z.number().int().min(0).default(8192),
    })
    .default({
      maxBatchRecords: 4096,
      maxBufferedRecords: 8192,
      retries: 30,
      maxHeldXaRecords: 8192,
    }),
  http: z.strictObject({ port: z.number().int().min(0).max(65535) }).optional(),
});

export type ConnectorConfigInput = z.input<typeof connectorConfigSchema>;
export type ConnectorConfig = z.output<typeof connectorConfigSchema> & {
  deadLetterTopic: string;
};
export type KafkaTransportConfig = z.output<typeof kafkaTransport>;
export type JsonLinesTransportConfig = z.output<typeof jsonLinesTransport>;
export type OffsetsConfig = z.output<typeof connectorConfigSchema>['offsets'];
