/**
 * Hop-by-hop headers describe one connection, not the message (RFC 9110 §7.6.1): a proxy must not
 * forward them, in either direction, nor any header the Connection header names. Forwarding them is
 * how request smuggling and "Connection: x-forwarded-for" header-dropping tricks start.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const NOTHING: readonly string[] = [];

/**
 * The header names a Connection value lists, lower-cased, leaving out those that are hop-by-hop
 * anyway: `Connection: keep-alive`, which almost every answer carries, names nothing more to drop.
 */
export function namedByConnection(value: string): readonly string[] {
  const lower = value.toLowerCase();
  if (lower === 'keep-alive' || lower === 'close') return NOTHING;
  const named: string[] = [];
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name && !HOP_BY_HOP.has(name)) named.push(name);
  }
  return named;
}

/**
 * Copies a raw (name, value, name, value...) header list without hop-by-hop headers, the headers
 * `Connection` names, and the names in `replaced` (which the caller sets itself), appending to
 * `out`. Duplicates such as several Set-Cookie lines survive, which an object of headers would
 * merge. One pass: the list is walked again only when Connection names an end-to-end header.
 */
export function endToEndHeaders(
  raw: readonly string[],
  replaced: ReadonlySet<string>,
  out: string[] = [],
): string[] {
  const start = out.length;
  let named: readonly string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === 'connection') {
      const listed = namedByConnection(raw[i + 1]!);
      if (listed.length) named = named ? [...named, ...listed] : listed;
    }
    if (HOP_BY_HOP.has(lower) || replaced.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  if (named) dropNamed(out, start, new Set(named));
  return out;
}

/** Removes, from `start` on, the header lines whose names are in `named`. */
function dropNamed(out: string[], start: number, named: ReadonlySet<string>): void {
  let kept = start;
  for (let i = start; i < out.length; i += 2) {
    if (named.has(out[i]!.toLowerCase())) continue;
    out[kept++] = out[i]!;
    out[kept++] = out[i + 1]!;
  }
  out.length = kept;
}
