/**
 * Path patterns as segment lists: `/api/patients/:id/appointments`, `/api/files/*`.
 * Matching walks the segments once, left to right, with no backtracking, so no request path can
 * make it slow (unlike regular-expression routers, see CVE-2024-45296 in path-to-regexp).
 */
export type Segment =
  { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'wildcard' };

export interface PathPattern {
  source: string;
  segments: Segment[];
  wildcard: boolean;
  paramNames: string[];
}

/** The non-empty segments of a path, in one scan (no intermediate array from split()). */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < path.length) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    if (end > start) out.push(path.slice(start, end));
    start = end + 1;
  }
  return out;
}

export function compilePattern(source: string): PathPattern {
  const segments: Segment[] = splitPath(source).map((part) => {
    if (part === '*') return { kind: 'wildcard' };
    if (part.startsWith(':')) return { kind: 'param', name: part.slice(1) };
    return { kind: 'static', value: part };
  });
  const wildcard = segments.at(-1)?.kind === 'wildcard';
  const paramNames = segments.flatMap((s) => (s.kind === 'param' ? [s.name] : []));
  return { source, segments, wildcard, paramNames };
}

/** True when the request path's segments fit the pattern. */
export function matchSegments(pattern: PathPattern, parts: readonly string[]): boolean {
  const segs = pattern.segments;
  const fixed = pattern.wildcard ? segs.length - 1 : segs.length;
  if (pattern.wildcard ? parts.length < fixed : parts.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) {
    const seg = segs[i]!;
    if (seg.kind === 'static' && seg.value !== parts[i]) return false;
  }
  return true;
}

export function extractParams(
  pattern: PathPattern,
  parts: readonly string[],
): Record<string, string> {
  const params: Record<string, string> = {};
  pattern.segments.forEach((seg, i) => {
    if (seg.kind === 'param') params[seg.name] = safeDecode(parts[i] ?? '');
  });
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Orders patterns most specific first: segment by segment static beats a parameter beats a
 * wildcard; then the longer pattern wins. Negative when `a` is more specific.
 */
export function compareSpecificity(a: PathPattern, b: PathPattern): number {
  const rank = (s: Segment | undefined): number =>
    s === undefined ? 3 : s.kind === 'static' ? 0 : s.kind === 'param' ? 1 : 2;
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = rank(a.segments[i]) - rank(b.segments[i]);
    if (d !== 0) return d;
  }
  return 0;
}
