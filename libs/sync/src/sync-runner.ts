import { setTimeout as sleep } from 'node:timers/promises';
import type { CdcConnector, ConnectorState } from '@ficus/cdc';
import { errorMessage, retry, type Logger } from '@ficus/core';

export interface SyncRunnerOptions {
  /** A fresh connector per attempt (a stopped or failed one cannot start again). */
  connect: () => Promise<CdcConnector>;
  logger: Logger;
  /** Backoff between attempts to start (jittered, doubling up to maxMs). */
  backoff?: { initialMs: number; maxMs: number };
}

export interface SyncRunnerStatus {
  state: ConnectorState | 'restarting';
  snapshotCompleted: boolean;
  position: { file: string; pos: number; gtid: string | null } | null;
  lastChangeTsMs: number | null;
  lagMs: { p50: number | null; p99: number | null };
  restarts: number;
  error: string | null;
}

/**
 * Keeps one embedded connector running inside the service: started in the background (so the
 * service answers while the initial snapshot runs), and started again with jittered backoff when
 * it cannot start or fails later (source unreachable, offsets table down). It resumes from its
 * committed offset each time, so a restart loses nothing.
 */
export class SyncRunner {
  private connector: CdcConnector | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private started = false;
  private restarts = 0;
  private lastError: string | null = null;
  private attempted: () => void = () => undefined;

  constructor(private readonly options: SyncRunnerOptions) {}

  /** Whether the connector got past its snapshot (readiness: the service holds the clinic's data). */
  get snapshotCompleted(): boolean {
    return this.started;
  }

  /** Resolves after the first attempt to start, whatever its outcome; supervision goes on. */
  start(): Promise<void> {
    const attempted = new Promise<void>((resolve) => (this.attempted = resolve));
    this.running ??= this.supervise()
      .catch((err: unknown) => {
        if (!this.abort.signal.aborted)
          this.options.logger.error({ err }, 'sync supervisor stopped');
      })
      .finally(() => this.attempted());
    return attempted;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.connector?.stop();
    await this.running;
  }

  async status(): Promise<SyncRunnerStatus> {
    const status = await this.connector?.status();
    const position = status?.position;
    return {
      state: !status || status.state === 'failed' ? 'restarting' : status.state,
      snapshotCompleted: this.started,
      position: position ? { file: position.file, pos: position.pos, gtid: position.gtid } : null,
      lastChangeTsMs: status?.lastChangeTsMs ?? null,
      lagMs: { p50: status?.lagMs.p50 ?? null, p99: status?.lagMs.p99 ?? null },
      restarts: this.restarts,
      error: this.lastError ?? status?.error ?? null,
    };
  }

  private async supervise(): Promise<void> {
    const { signal } = this.abort;
    const backoff = this.options.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
    while (!signal.aborted) {
      const connector = await retry(() => this.startOne(), {
        retries: Number.MAX_SAFE_INTEGER,
        initialDelayMs: backoff.initialMs,
        maxDelayMs: backoff.maxMs,
        signal,
        shouldRetry: () => !signal.aborted,
        onRetry: (err, attempt, delayMs) => {
          this.attempted();
          this.restarts++;
          this.options.logger.warn({ err, attempt, delayMs }, 'sync could not start; retrying');
        },
      });
      this.started = true;
      this.lastError = null;
      this.attempted();
      try {
        await connector.done;
        return;
      } catch (err) {
        this.lastError = errorMessage(err);
        this.restarts++;
        this.options.logger.warn({ err }, 'sync failed; starting it again from its offset');
        await sleep(backoff.initialMs, undefined, { signal });
      }
    }
  }

  private async startOne(): Promise<CdcConnector> {
    this.connector = undefined;
    try {
      this.connector = await this.options.connect();
      await this.connector.start();
    } catch (err) {
      this.lastError = errorMessage(err);
      throw err;
    }
    const connector = this.connector;
    if (this.abort.signal.aborted) await connector.stop();
    return connector;
  }
}
