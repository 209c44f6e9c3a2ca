import type { CohortKey, GatewayConfig, RouteConfig } from '../config/config.schema';

export interface RouteProblem {
  /** The route field at fault, for the config loader to point at its line. */
  field: keyof RouteConfig;
  message: string;
}

/** The parts of the gateway config a route refers to by name. */
export type RouteContext = Pick<GatewayConfig, 'upstreams' | 'groups'>;

/** A canary splits by a cohort key: the group's, else the route's own. */
export function cohortKeyOf(route: RouteConfig, ctx: RouteContext): CohortKey | undefined {
  return (route.group !== undefined ? ctx.groups[route.group]?.cohort : undefined) ?? route.cohort;
}

/** Whether the pattern's leading segments are the prefix's, so every path it matches starts with it. */
function startsWithPrefix(pattern: string, prefix: string, caseInsensitive = false): boolean {
  const fold = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  const wanted = prefix.split('/').slice(1);
  const have = pattern.split('/').filter((s) => s !== '');
  return wanted.every((segment, i) => have[i] !== undefined && fold(have[i]) === fold(segment));
}

/**
 * What makes a route unusable whatever else is configured: the same rules guard the config file
 * at start-up and every live change from the admin API, so the two can never disagree.
 */
export function routeProblems(route: RouteConfig, ctx: RouteContext): RouteProblem[] {
  const problems: RouteProblem[] = [];
  if (route.target !== undefined && !ctx.upstreams[route.target]) {
    problems.push({
      field: 'target',
      message: `names upstream "${route.target}", which is not defined under upstreams`,
    });
  }
  const strip = route.rewrite?.stripPrefix;
  if (strip !== undefined && !startsWithPrefix(route.path, strip, route.caseInsensitive)) {
    problems.push({
      field: 'rewrite',
      message: `stripPrefix "${strip}" does not begin the route's path "${route.path}"; it can only remove literal segments every matched path starts with`,
    });
  }
  if (route.mode !== 'legacy' && route.mode !== 'retired' && route.target === undefined) {
    problems.push({
      field: 'mode',
      message: `mode "${route.mode}" needs a target upstream (the new service); add target: <upstream>`,
    });
  }
  if (route.group !== undefined && !ctx.groups[route.group]) {
    problems.push({
      field: 'group',
      message: `names group "${route.group}", which is not defined under groups`,
    });
  }
  if (route.mode === 'canary' && cohortKeyOf(route, ctx) === undefined) {
    problems.push({
      field: 'mode',
      message:
        'mode "canary" needs a cohort key to split traffic by; put the route in a group with a cohort, or add cohort: { header: <name> } (or cookie, jwtSubject, pathParam)',
    });
  }
  if (!Number.isInteger(route.weight) || route.weight < 0 || route.weight > 100) {
    problems.push({
      field: 'weight',
      message: `weight ${route.weight} is outside 0-100; a canary weight is a whole percentage`,
    });
  }
  return problems;
}
