import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { createPool } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import { startKafka, type KafkaInstance } from '@ficus/infra';
import { testMysqlUrl, waitForTopic, type TestDatabase } from '@ficus/testing';
import { validateConnectorConfig } from '../src/config/config.loader';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { offsetsTableDdl } from '../src/offsets/mysql-offset-store';
import { signalTableDdl } from '../src/snapshot/signal-table';

/** A replica id of its own per connector: the server drops an older replica using the same one. */
export function replicaId(): number {
  return 100_000 + Math.floor(Math.random() * 1_000_000_000);
}

/**
 * A least-privilege connector user, as the README documents: replication and SELECT on the
 * captured database, DML on the offsets and signal tables (created here by root, since the
 * connector user may not create tables).
 */
export async function createConnectorUser(db: TestDatabase, signal = true): Promise<string> {
  const user = `ft_cdc_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = createPool({ uri: testMysqlUrl(), connectionLimit: 1 });
  try {
    await admin.query(offsetsTableDdl(db.name, 'ficus_cdc_offsets'));
    if (signal) await admin.query(signalTableDdl(`${db.name}.ficus_signal`));
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${user}'@'%'`);
    await admin.query(`GRANT SELECT ON \`${db.name}\`.* TO '${user}'@'%'`);
    const dml = signal ? ['ficus_cdc_offsets', 'ficus_signal'] : ['ficus_cdc_offsets'];
    for (const table of dml) {
      await admin.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db.name}\`.\`${table}\` TO '${user}'@'%'`,
      );
    }
  } finally {
    await admin.end();
  }
  const url = new URL(testMysqlUrl());
  url.username = user;
  url.password = password;
  url.pathname = '/';
  return url.toString();
}

export async function dropConnectorUser(url: string): Promise<void> {
  const user = decodeURIComponent(new URL(url).username);
  const admin = createPool({ uri: testMysqlUrl(), connectionLimit: 1 });
  try {
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
  } finally {
    await admin.end();
  }
}

export function embeddedConfig(
  db: TestDatabase,
  mysqlUrl: string,
  overrides: Record<string, unknown> = {},
): ConnectorConfig {
  return validateConnectorConfig(
    {
      serverName: `ft${randomBytes(3).toString('hex')}`,
      source: { mysqlUrl, serverId: replicaId(), databases: [db.name] },
      transport: { kind: 'embedded' },
      offsets: { store: 'mysql', database: db.name },
      heartbeat: { intervalMs: 0 },
      signalTable: `${db.name}.ficus_signal`,
      delivery: { maxBatchRecords: 500, maxBufferedRecords: 2000, retries: 3 },
      ...overrides,
    },
    'the test',
  );
}

/** An embedded handler that keeps what it receives and lets a test wait for it. */
export class Collector {
  readonly records: ChangeRecord[] = [];
  readonly handler = (records: ChangeRecord[]): Promise<void> => {
    this.records.push(...records);
    return Promise.resolve();
  };

  /** Change records (not tombstones) of one table, in arrival order. */
  of(table: string): ChangeRecord[] {
    return this.records.filter((r) => r.topic.endsWith(`.${table}`));
  }

  /** The `id` keys of one table's change records (tombstones left out), in arrival order. */
  ids(table: string): number[] {
    return this.of(table)
      .filter((r) => r.value)
      .map((r) => Number(r.key?.id));
  }

  async waitFor(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; have ${this.records.length} records`);
      await sleep(25);
    }
  }
}

export interface ConsumedMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning until `count` messages arrived (or fails after the timeout). */
export function consumeTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ConsumedMessage[]> {
  return consumeUntil(kafka, topic, (got) => got.length >= count, `${count} messages`, timeoutMs);
}

/** Reads a topic from the beginning until `done` says so (or fails after the timeout). */
export async function consumeUntil(
  kafka: Kafka,
  topic: string,
  done: (received: ConsumedMessage[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<ConsumedMessage[]> {
  const consumer = kafka.consumer({
    groupId: `ft-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  const received: ConsumedMessage[] = [];
  await waitForTopic(kafka, topic, timeoutMs);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${received.length} messages on ${topic}, not yet ${what}`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
            received.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            if (done(received)) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(fail);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/**
 * A private Kafka broker, never the shared one: the test stops and restarts it. KAFKA_BROKERS
 * would make startKafka hand back the shared broker, so it is left out of this call's view.
 * Starting again with the same dir and ports brings back the same broker with its data.
 */
export async function privateKafka(
  dir: string,
  port: number,
  controllerPort: number,
): Promise<KafkaInstance> {
  const shared = process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_BROKERS;
  try {
    return await startKafka({ dir, port, controllerPort, detached: false, heapMb: 256 });
  } finally {
    if (shared !== undefined) process.env.KAFKA_BROKERS = shared;
  }
}

/** A kafkajs client for given brokers with short retries, like testKafka() for the shared one. */
export function kafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}
