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

/**
 * `caseInsensitive` lower-cases static segments, for `matchSegments` to compare without case.
 * Escapes are upper-cased, as request paths are (RFC 3986 §6.2.2.1, http/request-target.ts).
 */
export function compilePattern(source: string, caseInsensitive = false): PathPattern {
  const segments: Segment[] = splitPath(source).map((part) => {
    if (part === '*') return { kind: 'wildcard' };
    if (part.startsWith(':')) return { kind: 'param', name: part.slice(1) };
    const value = part.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
    return { kind: 'static', value: caseInsensitive ? value.toLowerCase() : value };
  });
  const wildcard = segments.at(-1)?.kind === 'wildcard';
  const paramNames = segments.flatMap((s) => (s.kind === 'param' ? [s.name] : []));
  return { source, segments, wildcard, paramNames };
}

/** ASCII case-insensitive equality against a lower-case `lower`, without allocating. */
function equalsLowerCase(lower: string, value: string): boolean {
  if (lower.length !== value.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = value.charCodeAt(i);
    // A-Z to a-z; paths are ASCII once percent-encoded.
    const folded = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    if (folded !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * True when the request path's segments fit the pattern; `caseInsensitive` with a pattern
 * compiled the same way.
 */
export function matchSegments(
  pattern: PathPattern,
  parts: readonly string[],
  caseInsensitive = false,
): boolean {
  const segs = pattern.segments;
  const fixed = pattern.wildcard ? segs.length - 1 : segs.length;
  if (pattern.wildcard ? parts.length < fixed : parts.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) {
    const seg = segs[i]!;
    if (seg.kind !== 'static' || seg.value === parts[i]) continue;
    if (!caseInsensitive || !equalsLowerCase(seg.value, parts[i]!)) return false;
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
