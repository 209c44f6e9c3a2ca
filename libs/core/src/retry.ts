import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriable } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0..1: how much of each delay is randomised, so replicas that failed together do not retry together. */
  jitter?: number;
  signal?: AbortSignal;
  /** Decides whether an error is worth another attempt; `isRetriable` by default. */
  shouldRetry?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Exponential backoff with jitter; stops at once on an error that retrying cannot fix. */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const shouldRetry = opts.shouldRetry ?? isRetriable;
  const jitter = opts.jitter ?? 0.2;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !shouldRetry(err) || opts.signal?.aborted) throw err;
      const base = Math.min(opts.maxDelayMs, opts.initialDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(base * (1 - jitter + Math.random() * 2 * jitter));
      opts.onRetry?.(err, attempt, delay);
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : undefined);
    }
  }
}
