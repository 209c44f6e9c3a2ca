import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { kafkaError } from './kafka-error';

const brokerDown = (): KafkaJSConnectionError =>
  new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');

describe('kafkaError', () => {
  it('keeps a broker outage retriable after kafkajs gave up retrying it', () => {
    const gaveUp = new KafkaJSNumberOfRetriesExceeded(brokerDown(), {
      retryCount: 5,
      retryTime: 3000,
    });
    const err = kafkaError(gaveUp, 'could not publish 2 records');
    assert.equal(err.code, 'FICUS_CDC_KAFKA');
    assert.equal(err.retriable, true);
    assert.match(err.message, /could not publish 2 records: Connection error/);
  });

  it('looks through the wrapper an outer kafkajs retrier adds', () => {
    const inner = new KafkaJSNumberOfRetriesExceeded(brokerDown(), { retryCount: 5, retryTime: 1 });
    const Wrapper = KafkaJSNonRetriableError as unknown as new (
      e: Error,
      meta: { cause: Error },
    ) => KafkaJSNonRetriableError;
    assert.equal(kafkaError(new Wrapper(inner, { cause: inner }), 'x').retriable, true);
  });

  it('keeps a refused record non-retriable, so it is dead-lettered', () => {
    const tooLarge = new KafkaJSProtocolError(
      Object.assign(new Error('The request included a message larger than the max message size'), {
        retriable: false,
        type: 'MESSAGE_TOO_LARGE',
        code: 10,
      }),
    );
    assert.equal(kafkaError(tooLarge, 'x').retriable, false);
    assert.equal(
      kafkaError(new KafkaJSNonRetriableError('Invalid topics array'), 'x').retriable,
      false,
    );
  });

  it('treats an error from outside kafkajs as transient', () => {
    assert.equal(kafkaError(new Error('socket hang up'), 'x').retriable, true);
  });
});
