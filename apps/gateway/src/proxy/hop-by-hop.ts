/**
 * Hop-by-hop headers describe one connection, not the message (RFC 9110 §7.6.1): a proxy must not
 * forward them, in either direction, nor any header the Connection header names. Forwarding them is
 * how request smuggling and "Connection: x-forwarded-for" header-dropping tricks start.
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Header names listed in every Connection header of a raw header list, lower-cased. */
export function connectionNamed(raw: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const token of raw[i + 1]!.split(',')) {
      const name = token.trim().toLowerCase();
      if (name) named.add(name);
    }
  }
  return named;
}

/**
 * Copies a raw (name, value, name, value...) header list without hop-by-hop headers, the headers
 * `Connection` names, and the names in `replaced` (which the caller sets itself). Duplicates such as
 * several Set-Cookie lines survive, which an object of headers would merge.
 */
export function endToEndHeaders(raw: readonly string[], replaced: ReadonlySet<string>): string[] {
  const named = connectionNamed(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || replaced.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  return out;
}
