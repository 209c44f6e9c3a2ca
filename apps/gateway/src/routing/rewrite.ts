import type { CompiledRoute } from './route-table';

/**
 * The target the route's upstream is sent: the prefix's segments replaced, query kept. The route
 * matched, so the path starts with the prefix's segments (a `;parameter` on one goes with it).
 */
export function rewritten(url: string, rewrite: NonNullable<CompiledRoute['rewrite']>): string {
  let end = 0;
  for (let i = 0; i < rewrite.segments; i++) {
    end++;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  }
  const rest = url.slice(end);
  if (rest === '' || rest[0] === '?') return `${rewrite.add || '/'}${rest}`;
  return rewrite.add + rest;
}
