import { FicusError, InfraError, errorMessage } from '@ficus/core';

/**
 * How a sync handler's failure reaches the connector. A FicusError keeps its own verdict: the
 * adapter's FICUS_ACL_INVALID is not retriable, so the connector dead-letters that record and
 * goes on. Anything else is the database or the network (a lost connection, a deadlock): retried
 * with backoff rather than dead-lettered, since the change itself is fine.
 */
export function syncFailure(err: unknown, direction: string): Error {
  if (err instanceof FicusError) return err;
  return new InfraError(
    'FICUS_SYNC_WRITE_FAILED',
    `the ${direction} sync could not write a change (${errorMessage(err)}); it is retried`,
    { cause: err, retriable: true },
  );
}
