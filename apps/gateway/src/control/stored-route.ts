import type { RouteConfig } from '../config/config.schema';
import type { StoredRoute } from './control-store.port';

/** The route the data plane serves: the file's definition with the live mode and weight. */
export function liveConfig(
  route: Pick<StoredRoute, 'definition' | 'mode' | 'weight'>,
): RouteConfig {
  return { ...route.definition, mode: route.mode, weight: route.weight };
}

/** JSON with object keys sorted, so two equal configs compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/** Everything but the live state: what requests match, where they go, and how they are watched. */
export function definitionKey(route: RouteConfig): string {
  const { mode: _mode, weight: _weight, ...rest } = route;
  return canonicalJson(rest);
}

export function sameRoute(a: RouteConfig, b: RouteConfig): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
