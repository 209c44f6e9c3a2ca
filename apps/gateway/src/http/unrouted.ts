import type { IncomingHttpHeaders } from 'node:http';

/**
 * A Ficus service marks the 404 of a path it has no handler for (its unmatched-route filter), as
 * opposed to the 404 of a resource it does not hold ("no such patient"): such a request reached
 * no code of the service, so it may be sent to legacy whatever its method.
 */
export const UNROUTED_HEADER = 'x-ficus-unrouted';

export function isUnrouted(status: number, headers: IncomingHttpHeaders): boolean {
  return status === 404 && headers[UNROUTED_HEADER] === '1';
}
