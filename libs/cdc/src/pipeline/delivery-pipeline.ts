import type { ChangeRecord, ChangeSink } from '@ficus/contracts';
import { FicusError, isRetriable, retry, type Logger } from '@ficus/core';
import type { ConnectorMetrics } from '../health/connector-metrics';
import type { OffsetStore, StoredOffset } from '../offsets/stored-offset';

export interface PipelineEntry {
  /** Records of one binlog event (or one snapshot chunk): never split across batches. */
  records: ChangeRecord[];
  /** Committed once this entry and every entry before it are acknowledged. */
  offset?: StoredOffset;
  /** Binlog timestamp (ms) of the change, for the commit → ack lag. */
  commitTsMs?: number;
  readAtMs: number;
}

export interface PipelineOptions {
  maxBatchRecords: number;
  maxBufferedRecords: number;
  /** Attempts for a retriable failure (Kafka or the offsets table unreachable) before giving up. */
  retries: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Turns a record that cannot be delivered into its dead letter. */
  deadLetter: (record: ChangeRecord, err: unknown) => ChangeRecord;
  /** Called after each acknowledged batch (benchmarks measure publish lag with it). */
  onAcknowledged?: (records: ChangeRecord[]) => void;
  /** Called once when delivery fails for good (retries exhausted, offsets unwritable). */
  onFatal?: (err: Error) => void;
}

/**
 * The ordered, bounded buffer between the binlog and the sink. One batch is in flight at a time
 * (the next one fills meanwhile), so records reach the sink in binlog order; the offset is
 * committed only after the sink acknowledged the batch, so a crash can redeliver but never skip.
 * `hasRoom` turns false once `maxBufferedRecords` are undelivered: the reader then pauses the
 * binlog socket, which is what bounds memory whatever the transaction size.
 */
export class DeliveryPipeline {
  private readonly queue: PipelineEntry[] = [];
  private buffered = 0;
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private roomWaiters: Array<() => void> = [];
  private committed: StoredOffset | undefined;
  private lastCommitTsMs = 0;

  constructor(
    private readonly sink: ChangeSink,
    private readonly offsets: OffsetStore,
    private readonly metrics: ConnectorMetrics,
    private readonly logger: Logger,
    private readonly options: PipelineOptions,
  ) {}

  get hasRoom(): boolean {
    return this.buffered < this.options.maxBufferedRecords;
  }

  get bufferedRecords(): number {
    return this.buffered;
  }

  /** The last offset committed to the store. */
  get committedOffset(): StoredOffset | undefined {
    return this.committed;
  }

  /** Binlog timestamp of the newest acknowledged change (0 before any). */
  get acknowledgedTsMs(): number {
    return this.lastCommitTsMs;
  }

  push(entry: PipelineEntry): void {
    if (this.failure) throw this.failure;
    this.queue.push(entry);
    this.buffered += entry.records.length;
    this.metrics.buffered.set(this.buffered);
    this.kick();
  }

  /** Resolves once the buffer has room again; rejects if delivery failed for good. */
  async waitForRoom(): Promise<void> {
    while (!this.hasRoom && !this.failure) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Resolves once everything pushed so far is delivered and committed. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure;
  }

  private kick(): void {
    if (this.flushing || this.failure) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.takeBatch();
      const records = batch.flatMap((e) => e.records);
      try {
        await this.deliver(records);
        const offset = batch.findLast((e) => e.offset !== undefined)?.offset;
        if (offset) await this.commit(offset);
      } catch (err) {
        this.failure =
          err instanceof Error ? err : new FicusError('FICUS_CDC_DELIVERY', String(err));
        this.logger.error({ err: this.failure }, 'delivery failed for good; the connector stops');
        this.wakeWaiters();
        this.options.onFatal?.(this.failure);
        return;
      }
      this.acknowledge(batch, records);
    }
  }

  private takeBatch(): PipelineEntry[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length) {
      const size = this.queue[n]!.records.length;
      if (n > 0 && count + size > this.options.maxBatchRecords) break;
      count += size;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private retryOptions(retries = this.options.retries) {
    return {
      retries,
      initialDelayMs: this.options.retryInitialMs ?? 100,
      maxDelayMs: this.options.retryMaxMs ?? 5_000,
      shouldRetry: isRetriable,
      onRetry: (err: unknown, attempt: number, delayMs: number) =>
        this.logger.warn({ err, attempt, delayMs }, 'delivery failed; retrying'),
    };
  }

  private async deliver(records: ChangeRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await retry(() => this.sink.deliver(records), this.retryOptions());
    } catch (err) {
      if (isRetriable(err)) throw err;
      await this.isolate(records);
    }
  }

  /**
   * A batch the sink refuses for good: split it in halves until the refused records are alone,
   * then dead-letter those (a few bad records cost log2(n) extra sends, not n).
   */
  private async isolate(records: ChangeRecord[]): Promise<void> {
    if (records.length === 1) return this.deadLetterIfRefused(records[0]!);
    const middle = Math.ceil(records.length / 2);
    for (const half of [records.slice(0, middle), records.slice(middle)]) {
      try {
        await retry(() => this.sink.deliver(half), this.retryOptions());
      } catch (err) {
        if (isRetriable(err)) throw err;
        await this.isolate(half);
      }
    }
  }

  private async deadLetterIfRefused(record: ChangeRecord): Promise<void> {
    try {
      await retry(() => this.sink.deliver([record]), this.retryOptions());
    } catch (err) {
      if (isRetriable(err)) throw err;
      const letter = this.options.deadLetter(record, err);
      await retry(() => this.sink.deliver([letter]), this.retryOptions());
      this.metrics.deadLetters.inc({ code: err instanceof FicusError ? err.code : 'UNKNOWN' });
    }
  }

  private async commit(offset: StoredOffset): Promise<void> {
    await retry(() => this.offsets.commit(offset), this.retryOptions());
    this.committed = offset;
  }

  private acknowledge(batch: PipelineEntry[], records: ChangeRecord[]): void {
    const now = Date.now();
    const ops = new Map<string, number>();
    for (const entry of batch) {
      for (const record of entry.records) {
        const op = record.value?.op;
        if (op) ops.set(op, (ops.get(op) ?? 0) + 1);
        if (entry.commitTsMs !== undefined && op) {
          this.metrics.commitToAck.observe(Math.max(0, now - entry.commitTsMs) / 1000);
          this.metrics.readToAck.observe((now - entry.readAtMs) / 1000);
        }
      }
      if (entry.commitTsMs !== undefined) this.lastCommitTsMs = entry.commitTsMs;
    }
    for (const [op, n] of ops) this.metrics.records.inc({ op }, n);
    this.buffered -= records.length;
    this.metrics.buffered.set(this.buffered);
    this.options.onAcknowledged?.(records);
    if (this.hasRoom) this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
