import {
  CompressionTypes,
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Message,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import type { ChangeRecord, ChangeSink } from '@ficus/contracts';
import { FicusError, errorMessage } from '@ficus/core';
import type { KafkaTransportConfig } from '../config/connector-config.schema';
import { kafkaError } from './kafka-error';

/** Kafka's own limit on a topic name; longer names are rejected by the broker. */
const MAX_TOPIC_LENGTH = 249;

/**
 * Publishes change records with an idempotent producer (acks=all, one request in flight), so a
 * retried send never duplicates or reorders within a partition. The partitioner is Kafka's default
 * murmur2 one, the same as the Java client's, so a key maps to the same partition whichever client
 * wrote it, and per-key order holds. Topics are created on first use.
 */
export class KafkaSink implements ChangeSink {
  readonly name = 'kafka';
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly knownTopics = new Set<string>();

  constructor(private readonly config: KafkaTransportConfig) {
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    this.admin = this.kafka.admin();
  }

  async start(): Promise<void> {
    try {
      await this.admin.connect();
      await this.producer.connect();
      for (const topic of await this.admin.listTopics()) this.knownTopics.add(topic);
    } catch (err) {
      throw kafkaError(err, 'could not connect to Kafka at ' + this.config.brokers.join(','));
    }
  }

  /**
   * Sends in requests of at most `maxRequestBytes`: kafkajs writes one record batch per partition
   * per request, and the broker refuses a batch above its message.max.bytes (1 MB by default).
   * Requests go one after another, so order per partition holds.
   */
  async deliver(records: ChangeRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTopics([...new Set(records.map((r) => r.topic))]);
    let request = new Map<string, Message[]>();
    let bytes = 0;
    for (const record of records) {
      const message = toMessage(record);
      const size = messageBytes(message);
      if (bytes > 0 && bytes + size > this.config.maxRequestBytes) {
        await this.send(request);
        request = new Map();
        bytes = 0;
      }
      let messages = request.get(record.topic);
      if (!messages) request.set(record.topic, (messages = []));
      messages.push(message);
      bytes += size;
    }
    await this.send(request);
  }

  private async send(request: Map<string, Message[]>): Promise<void> {
    const topicMessages: TopicMessages[] = [...request].map(([topic, messages]) => ({
      topic,
      messages,
    }));
    try {
      await this.producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: CompressionTypes.None,
      });
    } catch (err) {
      const count = topicMessages.reduce((n, t) => n + t.messages.length, 0);
      throw kafkaError(err, `could not publish ${count} records`);
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    const tooLong = missing.find((t) => t.length > MAX_TOPIC_LENGTH);
    if (tooLong) {
      throw new FicusError(
        'FICUS_CDC_TOPIC_INVALID',
        `topic "${tooLong.slice(0, 60)}…" is longer than Kafka's ${MAX_TOPIC_LENGTH} characters; shorten serverName`,
      );
    }
    try {
      await this.admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.config.partitions,
          replicationFactor: this.config.replicationFactor,
        })),
        waitForLeaders: true,
      });
    } catch (err) {
      if (!/already exists/i.test(errorMessage(err))) {
        throw kafkaError(err, `could not create topics ${missing.join(', ')}`);
      }
    }
    for (const topic of missing) this.knownTopics.add(topic);
  }
}

/** Key, value and headers; the per-record overhead is small next to a change event. */
function messageBytes(message: Message): number {
  let size = 64 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [k, v] of Object.entries(message.headers ?? {})) size += k.length + String(v).length;
  return size;
}

function toMessage(record: ChangeRecord): Message {
  return {
    key: record.key === null ? null : JSON.stringify(record.key),
    value: record.value === null ? null : JSON.stringify(record.value),
    headers: record.headers,
  };
}
