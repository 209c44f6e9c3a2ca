import { KafkaJSError } from 'kafkajs';
import { FicusError, errorMessage } from '@ficus/core';

/**
 * A kafkajs failure as a FicusError that says whether retrying can help. kafkajs marks an error
 * non-retriable once its own retries ran out (KafkaJSNumberOfRetriesExceeded, or an outer retrier's
 * KafkaJSNonRetriableError around that), keeping what it gave up on as `cause`. That root error
 * decides: a broker that stayed down past kafkajs's ~30 s is still worth the pipeline's longer
 * retries, whereas a refused record (a non-retriable protocol error) is not. Taking the wrapper's
 * verdict instead sent good records of an outage to the dead-letter topic.
 */
export function kafkaError(err: unknown, what: string): FicusError {
  const retriable = err instanceof KafkaJSError ? rootCause(err).retriable : true;
  return new FicusError('FICUS_CDC_KAFKA', `${what}: ${errorMessage(err)}`, {
    cause: err,
    retriable,
  });
}

function rootCause(err: KafkaJSError): KafkaJSError {
  let root = err;
  while (root.cause instanceof KafkaJSError && root.cause !== root) root = root.cause;
  return root;
}
