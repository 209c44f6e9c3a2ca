import { type Request } from 'express';

/**
 * The matched route pattern ('/api/patients/:id'), never the raw URL: a query string or a mistyped
 * path can carry a patient's name or date of birth, and logs must not.
 */
export function routeLabel(req: Request): string {
  const route: unknown = req.route;
  const pattern =
    typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string'
      ? route.path
      : undefined;
  return pattern === undefined ? '(unmatched)' : `${req.baseUrl}${pattern}`;
}
