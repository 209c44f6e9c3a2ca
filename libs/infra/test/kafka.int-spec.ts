import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestTopic, testKafka } from '@ficus/testing';

describe('the run’s Kafka broker', () => {
  it('round-trips keyed messages with kafkajs, in order per partition', async () => {
    const kafka = testKafka('infra-roundtrip');
    const topic = await createTestTopic('roundtrip', 3, kafka);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}` }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `${topic}.g`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Array<{ key: string; value: string }> = [];
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`only ${received.length} of ${sent.length} messages arrived`)),
        30_000,
      );
      void consumer
        .run({
          eachMessage: ({ message }) => {
            received.push({ key: message.key!.toString(), value: message.value!.toString() });
            if (received.length === sent.length) {
              clearTimeout(timer);
              done();
            }
            return Promise.resolve();
          },
        })
        .catch(fail);
    });
    await consumer.disconnect();

    for (const key of ['k0', 'k1', 'k2']) {
      assert.deepEqual(
        received.filter((m) => m.key === key).map((m) => m.value),
        sent.filter((m) => m.key === key).map((m) => m.value),
        `messages of ${key} arrive in the order they were sent`,
      );
    }
  });
});
