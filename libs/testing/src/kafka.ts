import { Kafka, logLevel, type Admin } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from './env';

/** A kafkajs client with short retries: a test that cannot reach the broker fails in seconds, not minutes. */
export function testKafka(clientId = 'ficus-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}

/** Creates a uniquely named topic and waits until it has a leader. */
export async function createTestTopic(
  label: string,
  partitions = 1,
  kafka = testKafka(),
): Promise<string> {
  const topic = uniqueName('ft', label).replace(/_/g, '.');
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/**
 * Waits until a topic someone else creates (a connector, say) has a leader for every partition.
 * Subscribing earlier races the broker's metadata and fails with UNKNOWN_TOPIC_OR_PARTITION.
 */
export async function waitForTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await admin.fetchTopicMetadata({ topics: [topic] }).then(
        (m) => m.topics[0]?.partitions.every((p) => p.leader >= 0) ?? false,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline)
        throw new Error(`topic ${topic} did not appear within ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
