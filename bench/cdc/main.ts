/**
 * `npm run bench:cdc`: throughput into Kafka and into the embedded transport, commit → ack lag
 * at steady rates, the initial snapshot of 1M rows, and peak RSS while a 1M-row transaction
 * streams. Prints a table and writes bench/results/cdc.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPool, type Pool } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import { createLogger } from '@ficus/core';
import { CdcConnector, validateConnectorConfig } from '@ficus/cdc';
import { readCpuCounters, stealBetween, stealShare, withSteal } from '../common/cpu-steal';
import { benchServers, percentile, withPeakRss } from './bench-servers';
import { TABLE_DDL, bulkInsert, steadyWriter } from './workloads';

const THROUGHPUT_ROWS = 200_000;
const MILLION = 1_000_000;
const silent = createLogger('bench-cdc', { level: 'warn' });

interface Figures {
  [name: string]: number | string;
}

let serverIds = 7_000;

function connectorFor(
  url: string,
  transport: 'kafka' | 'embedded',
  brokers: string[],
  opts: {
    mode: 'initial' | 'no_data';
    name: string;
    handler?: (r: ChangeRecord[]) => Promise<void>;
    onAck?: (r: ChangeRecord[]) => void;
  },
): CdcConnector {
  return new CdcConnector({
    config: validateConnectorConfig(
      {
        serverName: opts.name,
        source: { mysqlUrl: url, serverId: serverIds++, databases: ['clinic'] },
        transport:
          transport === 'kafka' ? { kind: 'kafka', brokers, partitions: 4 } : { kind: 'embedded' },
        offsets: { store: 'mysql', database: 'clinic' },
        snapshot: { mode: opts.mode, chunkSize: 8192 },
        heartbeat: { intervalMs: 0 },
        delivery: { maxBatchRecords: 4096, maxBufferedRecords: 8192, retries: 10 },
      },
      'the benchmark',
    ),
    handlers: [opts.handler ?? (() => Promise.resolve())],
    logger: silent,
    ...(opts.onAck ? { onAcknowledged: opts.onAck } : {}),
  });
}

/** Counts acknowledged change records of the patient table. */
function counter(): {
  count: () => number;
  onAck: (r: ChangeRecord[]) => void;
  until: (n: number) => Promise<number>;
} {
  let n = 0;
  let last = 0;
  return {
    count: () => n,
    onAck: (records) => {
      for (const r of records) if (r.value?.source.table === 'patient') n++;
      last = Date.now();
    },
    until: async (target) => {
      while (n < target) await new Promise((r) => setTimeout(r, 5));
      return last;
    },
  };
}

/** Rows written while the connector was down, then read back as fast as it can. */
async function throughput(
  url: string,
  pool: Pool,
  brokers: string[],
  transport: 'kafka' | 'embedded',
  firstId: number,
): Promise<Figures> {
  const name = `bench_${transport}`;
  const seen = counter();
  let c = connectorFor(url, transport, brokers, { mode: 'no_data', name, onAck: seen.onAck });
  await c.start();
  await c.stop();
  await bulkInsert(pool, 'patient', firstId, THROUGHPUT_ROWS);
  c = connectorFor(url, transport, brokers, { mode: 'no_data', name, onAck: seen.onAck });
  const started = Date.now();
  const { result: ended, peakMb } = await withPeakRss(async () => {
    await c.start();
    return seen.until(THROUGHPUT_ROWS);
  });
  await c.stop();
  return {
    [`${transport} row events/s`]: Math.round(THROUGHPUT_ROWS / ((ended - started) / 1000)),
    [`${transport} peak RSS MB`]: peakMb,
  };
}

const STALL_MS = 60_000;

/** Polls until `done`; fails when `progress` has not moved for a minute instead of hanging. */
async function until(
  done: () => boolean,
  what: string,
  progress: () => number = () => 0,
): Promise<void> {
  let last = progress();
  let movedAt = Date.now();
  while (!done()) {
    await new Promise((r) => setTimeout(r, 10));
    const now = progress();
    if (now !== last) [last, movedAt] = [now, Date.now()];
    else if (Date.now() - movedAt > STALL_MS)
      throw new Error(`waited ${STALL_MS / 1000} s for ${what} with no progress (at ${now})`);
  }
}

async function lag(
  url: string,
  pool: Pool,
  brokers: string[],
  rate: number,
  firstId: number,
): Promise<Figures> {
  const committedAt = new Map<number, number>();
  const lags: number[] = [];
  let firstAckAt = 0;
  const c = connectorFor(url, 'kafka', brokers, {
    mode: 'no_data',
    name: `bench_lag_${rate}`,
    onAck: (records) => {
      const now = Date.now();
      for (const r of records) {
        const id = Number(r.key?.id);
        if (id === firstId && firstAckAt === 0) firstAckAt = now;
        const at = r.value?.op === 'c' ? committedAt.get(id) : undefined;
        if (at !== undefined) lags.push(now - at);
      }
    },
  });
  await c.start();
  // The first change after the start waits for the binlog stream to be live and for the table's
  // topic to be created, once in the connector's life: it is reported on its own, and the lag
  // figures are the steady state's, measured after it.
  const firstWrite = Date.now();
  await bulkInsert(pool, 'patient', firstId, 1);
  await until(() => firstAckAt > 0, 'the first row to be acknowledged');
  const written = (await steadyWriter(pool, rate, 10, firstId + 1, committedAt)) - firstId - 1;
  await until(
    () => lags.length >= written,
    `${written} rows to be acknowledged`,
    () => lags.length,
  );
  await c.stop();
  lags.sort((a, b) => a - b);
  return {
    [`first change after start ms @${rate}/s`]: firstAckAt - firstWrite,
    [`lag p50 ms @${rate}/s`]: percentile(lags, 0.5),
    [`lag p99 ms @${rate}/s`]: percentile(lags, 0.99),
  };
}

async function snapshotMillion(url: string, pool: Pool, brokers: string[]): Promise<Figures> {
  await pool.query('CREATE TABLE clinic.snapshot_src LIKE clinic.patient');
  await bulkInsert(pool, 'snapshot_src', 1, MILLION);
  await pool.query(
    'RENAME TABLE clinic.patient TO clinic.patient_stream, clinic.snapshot_src TO clinic.patient',
  );
  const seen = counter();
  const c = connectorFor(url, 'embedded', brokers, {
    mode: 'initial',
    name: 'bench_snapshot',
    onAck: seen.onAck,
  });
  const started = Date.now();
  const { peakMb } = await withPeakRss(() => c.start());
  const seconds = (Date.now() - started) / 1000;
  await c.stop();
  await pool.query(
    'RENAME TABLE clinic.patient TO clinic.snapshot_done, clinic.patient_stream TO clinic.patient',
  );
  return {
    '1M-row snapshot s': Number(seconds.toFixed(1)),
    '1M snapshot rows/s': Math.round(seen.count() / seconds),
    '1M snapshot peak RSS MB': peakMb,
  };
}

/** A connector streaming to Kafka from now on, and the count of what it acknowledged. */
async function streamingToKafka(url: string, brokers: string[], name: string) {
  const seen = counter();
  const c = connectorFor(url, 'kafka', brokers, { mode: 'no_data', name, onAck: seen.onAck });
  await c.start();
  return { c, seen };
}

async function millionRowTransaction(url: string, pool: Pool, brokers: string[]): Promise<Figures> {
  const { c, seen } = await streamingToKafka(url, brokers, 'bench_bigtxn');
  const started = Date.now();
  const { peakMb } = await withPeakRss(async () => {
    await pool.query(
      'INSERT INTO clinic.patient SELECT id + 10000000, name, balance, born, status, created_ms FROM clinic.snapshot_done',
    );
    await seen.until(MILLION);
  });
  const seconds = (Date.now() - started) / 1000;
  await c.stop();
  return {
    '1M-row transaction → Kafka s': Number(seconds.toFixed(1)),
    '1M-row transaction peak RSS MB': peakMb,
  };
}

/**
 * The same million rows in one XA transaction, prepared, then committed: held until XA COMMIT,
 * all but `delivery.maxHeldXaRecords` of them on disk, then read back and published.
 */
async function millionRowXaTransaction(
  url: string,
  pool: Pool,
  brokers: string[],
): Promise<Figures> {
  const { c, seen } = await streamingToKafka(url, brokers, 'bench_bigxa');
  const conn = await pool.getConnection();
  const started = Date.now();
  let commitAt = started;
  const { peakMb } = await withPeakRss(async () => {
    try {
      await conn.query("XA START 'bench-xa'");
      await conn.query(
        'INSERT INTO clinic.patient SELECT id + 20000000, name, balance, born, status, created_ms FROM clinic.snapshot_done',
      );
      await conn.query("XA END 'bench-xa'");
      await conn.query("XA PREPARE 'bench-xa'");
      commitAt = Date.now();
      await conn.query("XA COMMIT 'bench-xa'");
    } finally {
      conn.release();
    }
    await seen.until(MILLION);
  });
  const ended = Date.now();
  await c.stop();
  return {
    '1M-row XA transaction → Kafka s': Number(((ended - started) / 1000).toFixed(1)),
    '1M-row XA: XA COMMIT → last ack s': Number(((ended - commitAt) / 1000).toFixed(1)),
    '1M-row XA transaction peak RSS MB': peakMb,
  };
}

async function main(): Promise<void> {
  const { mariadb, kafka } = await benchServers();
  const admin = createPool({ uri: mariadb.url, connectionLimit: 1 });
  await admin.query('CREATE DATABASE IF NOT EXISTS clinic');
  await admin.end();
  const pool = createPool({ uri: `${mariadb.url}clinic`, connectionLimit: 4 });
  try {
    await pool.query(TABLE_DDL);
    const figures: Figures = { 'RSS at start MB': Math.round(process.memoryUsage().rss / 2 ** 20) };
    const countersAtStart = readCpuCounters();
    // CPU the hypervisor gave to other machines meanwhile: a step with much of it ran slow.
    const stealPct = (share: number | undefined) =>
      share === undefined ? 'not readable' : `${(share * 100).toFixed(1)}%`;
    const step = async (what: string, run: () => Promise<Figures>): Promise<void> => {
      const started = Date.now();
      const { result: got, steal } = await withSteal(run);
      console.log(
        `${what}: ${JSON.stringify(got)} (${((Date.now() - started) / 1000).toFixed(0)} s, CPU steal ${stealPct(stealShare(steal))})`,
      );
      Object.assign(figures, got);
    };
    const { url } = mariadb;
    const brokers = kafka.brokers;
    await step('throughput, embedded', () => throughput(url, pool, brokers, 'embedded', 1));
    await step('throughput, kafka', () =>
      throughput(url, pool, brokers, 'kafka', 1 + THROUGHPUT_ROWS),
    );
    await step('lag at 500 rows/s', () => lag(url, pool, brokers, 500, 1_000_000));
    await step('lag at 2,000 rows/s', () => lag(url, pool, brokers, 2000, 2_000_000));
    await step('1M-row snapshot', () => snapshotMillion(url, pool, brokers));
    await step('1M-row transaction', () => millionRowTransaction(url, pool, brokers));
    await step('1M-row XA transaction', () => millionRowXaTransaction(url, pool, brokers));
    const steal = stealShare(stealBetween(countersAtStart, readCpuCounters()));
    if (steal !== undefined) figures['CPU steal over the run %'] = Number((steal * 100).toFixed(1));
    report(figures);
  } finally {
    await pool.end();
    await Promise.allSettled([mariadb.stop(), kafka.stop()]);
  }
}

function report(figures: Figures): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  console.log('\nCDC benchmark (2 cores; private MariaDB, project Kafka)\n');
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${v}`);
  const out = resolve('bench/results/cdc.json');
  mkdirSync(resolve('bench/results'), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${out}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
