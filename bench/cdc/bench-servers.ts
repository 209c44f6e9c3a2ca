import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startKafka,
  startMariaDb,
  type KafkaInstance,
  type MariaDbInstance,
} from '@ficus/infra';

/**
 * A private MariaDB for the benchmark (it writes millions of rows, which would slow everyone else's
 * tests on the shared server), and the project's Kafka broker (shared, or KAFKA_BROKERS).
 */
export async function benchServers(): Promise<{ mariadb: MariaDbInstance; kafka: KafkaInstance }> {
  const shared = process.env.MYSQL_URL;
  delete process.env.MYSQL_URL;
  try {
    const mariadb = await startMariaDb({
      dir: mkdtempSync(join(tmpdir(), 'ficus-bench-cdc-')),
      port: await freePort(),
      detached: false,
    });
    const kafka = await startKafka({ detached: false });
    return { mariadb, kafka };
  } finally {
    if (shared !== undefined) process.env.MYSQL_URL = shared;
  }
}

/** Peak resident set size while `work` runs, sampled every 50 ms. */
export async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await work();
    return { result, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
