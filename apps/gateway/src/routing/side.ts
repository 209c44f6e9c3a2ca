import type { IncomingHttpHeaders } from 'node:http';
import { cohortBucket, cohortKeyValue, inCanary } from './cohort';
import type { RouteMatch } from './route-table';

/**
 * Which side serves a request: legacy alone, the new service, or legacy with a copy of the request
 * sent to the new service for comparison (a shadow route, and a canary request outside the cohort,
 * so that parity stays measured while the canary runs: the canary gates read it).
 */
export type ServingSide = 'legacy' | 'new' | 'legacy-with-copy';

/**
 * The one decision of the side for requests and upgrades alike (an upgrade cannot be copied, so it
 * treats `legacy-with-copy` as legacy). A route without a target, or a retired one, is legacy's;
 * a canary request without the cohort key stays on legacy: no key, no stable side to keep it on.
 */
export function servingSide(
  match: RouteMatch | undefined,
  headers: IncomingHttpHeaders,
): ServingSide {
  const route = match?.route.config;
  if (!match || !route || route.target === undefined) return 'legacy';
  switch (route.mode) {
    case 'legacy':
    case 'retired':
      return 'legacy';
    case 'new':
      return 'new';
    case 'shadow':
      return 'legacy-with-copy';
    case 'canary':
      return inCohort(match, headers, route.weight) ? 'new' : 'legacy-with-copy';
  }
}

function inCohort(match: RouteMatch, headers: IncomingHttpHeaders, weight: number): boolean {
  const { cohort, cohortSalt, pattern } = match.route;
  if (!cohort) return false;
  const key = cohortKeyValue(cohort, headers, pattern, match.parts);
  return key !== undefined && inCanary(cohortBucket(cohortSalt, key), weight);
}
