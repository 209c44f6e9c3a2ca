import type { RouteConfig } from '../config/config.schema';

/**
 * Canonical identities of a route, one per method: two routes with the same key can never both be
 * chosen, so the config that holds them is ambiguous. Parameter names do not matter (`:id` = `:pid`).
 */
export function routeKey(
  route: Pick<RouteConfig, 'methods' | 'path' | 'host' | 'headers' | 'caseInsensitive'>,
): string[] {
  // Two case-insensitive routes that differ only in case match the same requests.
  const path = (route.caseInsensitive ? route.path.toLowerCase() : route.path)
    .split('/')
    .map((p) => (p.startsWith(':') ? ':' : p))
    .join('/');
  const host = route.host ? ` host=${route.host.toLowerCase()}` : '';
  const headers = Object.entries(route.headers ?? {})
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join(',');
  const suffix = `${path}${host}${headers ? ` headers=${headers}` : ''}`;
  return (route.methods ?? ['*']).map((m) => `${m} ${suffix}`);
}
