import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { ChangeRecord, ChangeSink } from '@ficus/contracts';
import {
  ConfigError,
  FicusError,
  createLogger,
  errorMessage,
  retry,
  type Logger,
} from '@ficus/core';
import type { ConnectorConfig } from './config/connector-config.schema';
import type { ConnectorState, ConnectorStatus } from './connector-state';
import { ConnectorMetrics } from './health/connector-metrics';
import { createOffsetStore } from './offsets/offset-store.factory';
import { readFrom, type OffsetStore, type StoredOffset } from './offsets/stored-offset';
import { DeliveryPipeline } from './pipeline/delivery-pipeline';
import { checkPrerequisites, type SourceServer } from './prereq/prerequisites';
import { SchemaRegistry } from './schema/schema-registry';
import { runInitialSnapshot } from './snapshot/initial-snapshot';
import { BinlogReader } from './source/binlog-reader';
import { binlogFiles, isPurged, offsetPurgedError } from './source/binlog-files';
import { rowConnectionOptions } from './source/mysql-options';
import { XaHoldStore } from './source/held-records';
import { TransactionTracker } from './source/transaction-tracker';
import { StreamProcessor, type RowsHook } from './stream/stream-processor';
import { TableFilter } from './stream/table-filter';
import { undeliverable } from './transport/dead-letter';
import { EmbeddedSink, type ChangeHandler } from './transport/embedded-sink';
import { JsonLinesSink } from './transport/json-lines-sink';
import { KafkaSink } from './transport/kafka-sink';

export interface CdcConnectorOptions {
  config: ConnectorConfig;
  /** Embedded transport: the in-process consumers. */
  handlers?: ChangeHandler[];
  /** Embedded transport: where dead letters go (default: logged without row data, then kept in `deadLetters`). */
  deadLetterHandler?: ChangeHandler;
  /** Replaces the configured transport. */
  sink?: ChangeSink;
  logger?: Logger;
  onAcknowledged?: (records: ChangeRecord[]) => void;
  /** Backoff of delivery and reconnection retries; tests shorten it. */
  retryDelays?: { initialMs: number; maxMs: number };
  /** Incremental snapshots plug in here. */
  rowsHook?: (connector: CdcConnector) => RowsHook;
}

interface StreamSession {
  reader: BinlogReader;
  processor: StreamProcessor;
  /** Where prepared XA transactions' records wait; its spill files go with the session. */
  hold: XaHoldStore;
  startedFrom: StoredOffset;
}

/**
 * One capture pipeline: prerequisites, snapshot, binlog streaming, delivery with offsets, and
 * recovery. A lost source connection drains what was read and resumes from the committed offset
 * with jittered backoff; a sink that stays down past the retries stops the connector with its
 * offset intact, so a restart (by a supervisor) loses nothing.
 */
export class CdcConnector {
  readonly metrics = new ConnectorMetrics();
  readonly logger: Logger;
  readonly filter: TableFilter;
  readonly pool: Pool;
  readonly registry: SchemaRegistry;
  readonly sink: ChangeSink;
  private readonly offsets: OffsetStore;
  private pipeline: DeliveryPipeline | undefined;
  private session: StreamSession | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private currentState: ConnectorState = 'created';
  private lastError: Error | undefined;
  private server: SourceServer | undefined;
  private settle!: { resolve: () => void; reject: (err: Error) => void };
  /** Settles when the connector stops: resolves on stop(), rejects when it fails. */
  readonly done: Promise<void>;

  constructor(private readonly options: CdcConnectorOptions) {
    const { config } = options;
    this.logger = options.logger ?? createLogger('cdc-connector');
    this.filter = new TableFilter(
      config.source.databases,
      config.source.tables,
      config.signalTable,
      // Capturing the connector's own offsets table would make every commit a change to commit.
      config.offsets.store === 'mysql'
        ? [`${config.offsets.database}.${config.offsets.table}`]
        : [],
      config.source.skipTransactionsMarkedBy,
    );
    this.pool = createPool({ ...rowConnectionOptions(config.source.mysqlUrl), connectionLimit: 4 });
    this.registry = new SchemaRegistry(this.pool, { prefix: config.serverName });
    this.offsets = createOffsetStore(config);
    this.sink = options.sink ?? this.createSink();
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  get state(): ConnectorState {
    return this.currentState;
  }

  get config(): ConnectorConfig {
    return this.options.config;
  }

  get deliveryPipeline(): DeliveryPipeline {
    if (!this.pipeline)
      throw new FicusError('FICUS_CDC_NOT_STARTED', 'the connector has not started');
    return this.pipeline;
  }

  get sourceServerId(): number {
    return this.server?.serverId ?? 0;
  }

  /** Resolves once streaming runs (after the snapshot, when one is needed). */
  async start(): Promise<void> {
    const { config } = this.options;
    this.currentState = 'starting';
    try {
      this.server = await checkPrerequisites(
        this.pool,
        config.source.serverId,
        config.source.databases,
        this.logger,
      );
      await this.offsets.init();
      await this.sink.start();
      this.pipeline = this.createPipeline();
      const offset = await this.startingOffset(await this.offsets.load());
      await this.stream(offset);
      this.startHeartbeats();
      this.currentState = 'streaming';
      this.logger.info({ file: offset.file, pos: offset.pos }, 'streaming');
    } catch (err) {
      await this.fail(err);
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'failed') return;
    this.currentState = 'stopping';
    clearInterval(this.heartbeatTimer);
    await this.endSession().catch((err: unknown) =>
      this.logger.warn({ err }, 'drain on stop failed'),
    );
    await this.close();
    this.currentState = 'stopped';
    this.settle.resolve();
  }

  async status(): Promise<ConnectorStatus> {
    const lag = await this.metrics.lagPercentiles();
    const ts = this.pipeline?.acknowledgedTsMs ?? 0;
    return {
      serverName: this.config.serverName,
      state: this.currentState,
      transport: this.sink.name,
      position: this.pipeline?.committedOffset ?? null,
      lastChangeTsMs: ts > 0 ? ts : null,
      lagMs: { p50: lag.p50, p99: lag.p99, samples: lag.count },
      bufferedRecords: this.pipeline?.bufferedRecords ?? 0,
      binlogPaused: this.session?.reader.isPaused ?? false,
      error: this.lastError ? errorMessage(this.lastError) : null,
    };
  }

  /** Where streaming starts: the stored offset, or a snapshot's position (per snapshot.mode). */
  private async startingOffset(stored: StoredOffset | undefined): Promise<StoredOffset> {
    const mode = this.config.snapshot.mode;
    if (stored?.snapshotCompleted) {
      const files = await binlogFiles(this.pool);
      if (!isPurged(stored, files)) return stored;
      if (mode !== 'when_needed') throw offsetPurgedError(stored, files[0]?.file);
      this.logger.warn(
        { file: stored.file, oldest: files[0]?.file },
        'offset purged; snapshotting again',
      );
    }
    if (mode === 'never') return this.oldestPosition();
    this.currentState = 'snapshotting';
    return runInitialSnapshot({
      mysqlUrl: this.config.source.mysqlUrl,
      isMariaDb: this.server?.isMariaDb ?? true,
      serverName: this.config.serverName,
      serverId: this.sourceServerId,
      chunkSize: this.config.snapshot.chunkSize,
      deadLetterTopic: this.config.deadLetterTopic,
      data: mode !== 'no_data',
      filter: this.filter,
      databases: this.config.source.databases,
      registry: this.registry,
      pipeline: this.deliveryPipeline,
      offsets: this.offsets,
      metrics: this.metrics,
      logger: this.logger,
    });
  }

  /** snapshot.mode never: the whole binlog the server still has. */
  private async oldestPosition(): Promise<StoredOffset> {
    const oldest = (await binlogFiles(this.pool))[0];
    if (!oldest) throw offsetPurgedError({ file: '(none)', pos: 0 } as StoredOffset, undefined);
    let gtidSet: string | null = null;
    if (this.server?.isMariaDb) {
      const [rows] = await this.pool.query<RowDataPacket[]>('SELECT BINLOG_GTID_POS(?, 4) AS g', [
        oldest.file,
      ]);
      gtidSet = (rows[0]?.g as string | null) ?? null;
    }
    return {
      file: oldest.file,
      pos: 4,
      gtid: null,
      gtidSet,
      eventsToSkip: 0,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs: 0,
    };
  }

  private async stream(offset: StoredOffset): Promise<void> {
    const hold = new XaHoldStore({
      maxInMemory: this.config.delivery.maxHeldXaRecords,
      logger: this.logger,
    });
    // The reader and the processor call each other: events flow in, pause/resume flow back.
    const reader: BinlogReader = new BinlogReader({
      connection: rowConnectionOptions(this.config.source.mysqlUrl),
      serverId: this.config.source.serverId,
      includeSchema: this.filter.includeSchema(),
      onEvent: (event) => processor.enqueue(event),
      onError: (err) => void this.onSourceError(err),
    });
    const processor: StreamProcessor = new StreamProcessor({
      serverName: this.config.serverName,
      serverId: this.sourceServerId,
      deadLetterTopic: this.config.deadLetterTopic,
      registry: this.registry,
      pipeline: this.deliveryPipeline,
      tracker: new TransactionTracker(offset, hold),
      filter: this.filter,
      logger: this.logger,
      pauseSource: () => {
        reader.pause();
        this.metrics.binlogPaused.set(1);
      },
      resumeSource: () => {
        reader.resume();
        this.metrics.binlogPaused.set(0);
      },
      onFatal: (err) => void this.fail(err),
      onHeldXa: (count) => this.metrics.preparedXaHeld.set(count),
      chunkRecords: this.config.delivery.maxBatchRecords,
      isMariaDb: this.server?.isMariaDb ?? true,
      ...(this.options.rowsHook ? { hook: this.options.rowsHook(this) } : {}),
    });
    this.session = { reader, processor, hold, startedFrom: offset };
    await reader.start(readFrom(offset));
  }

  /** Stops reading, then waits until everything read is delivered and committed. */
  private async endSession(): Promise<StoredOffset | undefined> {
    const session = this.session;
    this.session = undefined;
    if (!session) return undefined;
    await session.reader.stop();
    await session.processor.idle();
    await this.pipeline?.drain();
    session.processor.stop();
    // Held XA transactions are gathered again from the binlog by the next session.
    session.hold.close();
    return this.pipeline?.committedOffset ?? session.startedFrom;
  }

  private async onSourceError(err: Error): Promise<void> {
    if (this.currentState !== 'streaming') return;
    this.currentState = 'reconnecting';
    this.metrics.reconnects.inc();
    this.logger.warn({ err }, 'lost the binlog connection; resuming from the committed offset');
    try {
      const offset = await this.endSession();
      if (!offset) return;
      await retry(() => this.stream(offset), {
        retries: 1_000,
        initialDelayMs: this.options.retryDelays?.initialMs ?? 500,
        maxDelayMs: this.options.retryDelays?.maxMs ?? 10_000,
        shouldRetry: (e) => !(e instanceof ConfigError),
        onRetry: (e, attempt, delayMs) =>
          this.logger.warn({ err: e, attempt, delayMs }, 'source still unreachable; retrying'),
      });
      if (this.currentState === 'reconnecting') this.currentState = 'streaming';
    } catch (e) {
      await this.fail(e);
    }
  }

  private startHeartbeats(): void {
    const interval = this.config.heartbeat.intervalMs;
    if (interval <= 0) return;
    this.heartbeatTimer = setInterval(() => {
      if (this.currentState !== 'streaming') return;
      this.session?.processor.heartbeat();
      this.metrics.heartbeats.inc();
    }, interval);
    this.heartbeatTimer.unref();
  }

  private createPipeline(): DeliveryPipeline {
    const { delivery, deadLetterTopic } = this.config;
    return new DeliveryPipeline(this.sink, this.offsets, this.metrics, this.logger, {
      maxBatchRecords: delivery.maxBatchRecords,
      maxBufferedRecords: delivery.maxBufferedRecords,
      retries: delivery.retries,
      retryInitialMs: this.options.retryDelays?.initialMs ?? 100,
      retryMaxMs: this.options.retryDelays?.maxMs ?? 5_000,
      deadLetter: (record, err) => undeliverable(deadLetterTopic, record, err),
      ...(this.options.onAcknowledged ? { onAcknowledged: this.options.onAcknowledged } : {}),
      onFatal: (err) => void this.fail(err),
    });
  }

  private createSink(): ChangeSink {
    const transport = this.config.transport;
    switch (transport.kind) {
      case 'kafka':
        return new KafkaSink(transport);
      case 'jsonl':
        return new JsonLinesSink(transport, { logger: this.logger });
      case 'embedded': {
        const handlers = this.options.handlers ?? [];
        if (handlers.length === 0) {
          throw new ConfigError(
            'FICUS_CDC_EMBEDDED_NO_HANDLER',
            'transport.kind is embedded but no change handler was given; pass handlers to the connector ' +
              '(in-process use) or use transport: { kind: kafka, brokers: [...] }',
          );
        }
        return new EmbeddedSink({
          handlers,
          deadLetterHandler: this.options.deadLetterHandler ?? this.logDeadLetters,
          deadLetterTopic: this.config.deadLetterTopic,
        });
      }
    }
  }

  private readonly logDeadLetters: ChangeHandler = (records) => {
    for (const r of records) {
      this.logger.error(
        {
          topic: r.topic,
          file: r.position.file,
          pos: r.position.pos,
          gtid: r.position.gtid,
          headers: r.headers,
        },
        'dead letter (no dead-letter handler configured)',
      );
    }
    return Promise.resolve();
  };

  private async fail(err: unknown): Promise<void> {
    if (this.currentState === 'failed' || this.currentState === 'stopped') return;
    this.lastError = err instanceof Error ? err : new Error(String(err));
    this.currentState = 'failed';
    clearInterval(this.heartbeatTimer);
    this.logger.error({ err: this.lastError }, 'connector failed');
    const session = this.session;
    this.session = undefined;
    session?.processor.stop();
    await session?.reader.stop().catch(() => undefined);
    session?.hold.close();
    await this.close();
    this.settle.reject(this.lastError);
  }

  private async close(): Promise<void> {
    await Promise.allSettled([this.sink.stop(), this.offsets.close(), this.pool.end()]);
  }
}
