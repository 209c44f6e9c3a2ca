/**
 * The request target, read once, the way the route table and every upstream will read it.
 *
 * A route can only guard a path if no other spelling of that path reaches an upstream that serves
 * it: `/%73ecret`, `/a/../secret`, `/./secret`, `//secret` and `http://any.host/secret` all name
 * `/secret` to a common server. So a target is normalised before it is matched, and the upstream is
 * sent exactly what was matched (RFC 3986 §6.2.2, as nginx matches locations on a normalised URI):
 * - absolute-form (`http://host/path`, RFC 9112 §3.2.2) becomes origin-form, its authority the Host;
 * - percent-encoded unreserved characters are decoded (§6.2.2.2), other escapes upper-cased (§6.2.2.1);
 * - `.` and `..` segments are removed (§5.2.4) and repeated slashes merged (nginx's merge_slashes);
 * - a `;parameter` at the end of a segment is left out of matching, as Servlet containers (Tomcat,
 *   Jetty) leave it out of theirs, so `/secret;x/y` cannot reach one of them past a `/secret/*` route.
 * What no normalisation can make unambiguous is refused (400): an encoded `/` (%2F) or `\` (%5C) and
 * a raw `\` (some servers split segments on them, others do not), a `..` above the root (nginx
 * refuses it too), a dot segment with a parameter (`..;/`, which Tomcat resolves as `..`), a
 * fragment (`#`, never part of a request target), malformed escapes, userinfo in an authority.
 * The query string is passed byte for byte.
 */

/** A normalised target, or why the request is refused. */
export interface NormalisedTarget {
  /** Path and query for the upstream, in origin-form. */
  url: string;
  /** The path the route table matches (no query, parameters left out). */
  matchPath: string;
  /** The authority of an absolute-form target, which replaces the Host header. */
  authority: string | undefined;
}

const SLASH = 47;
const DOT = 46;
const QUERY = 63;
const PERCENT = 37;
const BACKSLASH = 92;
const SEMICOLON = 59;
const HASH = 35;

function endsSegment(code: number): boolean {
  // NaN (past the end) ends a segment too.
  return code === SLASH || code === QUERY || Number.isNaN(code);
}

/**
 * True when the target needs `normaliseTarget`: anything but an origin-form path free of `%`, `\`,
 * `;`, `#`, `//` and dot segments. One scan, no allocation: the common request skips the work.
 */
export function needsNormalising(url: string): boolean {
  if (url.charCodeAt(0) !== SLASH) return true;
  const n = url.length;
  for (let i = 0; i < n; i++) {
    const c = url.charCodeAt(i);
    if (c === QUERY) return false;
    if (c === PERCENT || c === BACKSLASH || c === SEMICOLON || c === HASH) return true;
    if (c === SLASH) {
      const next = url.charCodeAt(i + 1);
      if (next === SLASH) return true;
      if (next === DOT) {
        const after = url.charCodeAt(i + 2);
        if (endsSegment(after)) return true;
        if (after === DOT && endsSegment(url.charCodeAt(i + 3))) return true;
      }
    }
  }
  return false;
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** One segment's escapes decoded or upper-cased; a string is the reason for refusal. */
function normaliseEscapes(segment: string): { value: string } | string {
  if (segment.indexOf('%') === -1) return { value: segment };
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const hex = segment.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return 'the path has a "%" that does not start a valid escape (%XX)';
    const code = Number.parseInt(hex, 16);
    if (code === SLASH || code === BACKSLASH)
      return 'the path has an encoded "/" or "\\" (%2F, %5C), which servers split on differently; send the character unencoded or in the query string';
    out += isUnreserved(code) ? String.fromCharCode(code) : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return { value: out };
}

/**
 * RFC 3986 §3.2.2 host (reg-name, IPv4 or an IP literal in brackets) and an optional port: what a
 * Host header (RFC 9110 §7.2) or an absolute-form authority may hold. Userinfo is not allowed in
 * either (RFC 9110 §4.2.4).
 */
const AUTHORITY =
  /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\d*)?$/;

/** The last Host value checked: every request of a deployment carries the same few. */
let lastValidHost = '';

export function isValidAuthority(value: string): boolean {
  if (value === lastValidHost) return true;
  const ok = AUTHORITY.test(value);
  if (ok) lastValidHost = value;
  return ok;
}

const ABSOLUTE = /^https?:\/\//i;

/**
 * Normalises a request target that `needsNormalising` flagged; a string is why the request is
 * refused with 400. `method` matters for asterisk-form, which only OPTIONS may use (RFC 9112 §3.2.4).
 */
export function normaliseTarget(raw: string, method: string): NormalisedTarget | string {
  let authority: string | undefined;
  let rest = raw;
  if (raw === '*') {
    if (method !== 'OPTIONS') return 'the asterisk-form target "*" is only valid with OPTIONS';
    return { url: raw, matchPath: raw, authority: undefined };
  }
  if (raw.charCodeAt(0) !== SLASH) {
    const scheme = ABSOLUTE.exec(raw);
    if (!scheme)
      return 'the request target is neither a path starting with "/" nor an absolute http(s) URI';
    const start = scheme[0].length;
    let end = start;
    while (end < raw.length && raw[end] !== '/' && raw[end] !== '?' && raw[end] !== '#') end++;
    authority = raw.slice(start, end);
    if (authority === '' || !isValidAuthority(authority))
      return 'the authority of the absolute-form target is not a valid host[:port] (userinfo is not allowed)';
    rest = raw.slice(end);
    if (rest === '' || rest[0] === '?') rest = `/${rest}`;
  }
  if (rest.indexOf('#') !== -1)
    return 'the request target has a fragment ("#"), which HTTP does not send';
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q);
  if (path.indexOf('\\') !== -1)
    return 'the path has a "\\", which is not a URI character and which some servers read as "/"';
  const segments: string[] = [];
  const matched: string[] = [];
  const parts = path.split('/');
  let trailingSlash = false;
  for (let i = 1; i < parts.length; i++) {
    const escaped = normaliseEscapes(parts[i]!);
    if (typeof escaped === 'string') return escaped;
    const segment = escaped.value;
    const last = i === parts.length - 1;
    const semicolon = segment.indexOf(';');
    const bare = semicolon === -1 ? segment : segment.slice(0, semicolon);
    if (semicolon !== -1 && (bare === '.' || bare === '..'))
      return 'the path has a dot segment with a parameter (such as "..;"), which some servers resolve as ".."';
    if (segment === '.' || segment === '..') {
      if (segment === '..') {
        if (segments.length === 0) return 'the path climbs above the root with ".."';
        segments.pop();
        matched.pop();
      }
      trailingSlash = last;
      continue;
    }
    if (segment === '') {
      trailingSlash = last;
      continue;
    }
    trailingSlash = false;
    segments.push(segment);
    matched.push(bare);
  }
  const tail = trailingSlash && segments.length > 0 ? '/' : '';
  return {
    url: `/${segments.join('/')}${tail}${query}`,
    // A segment that was only a parameter (`/;x/secret`) is empty to a Servlet container.
    matchPath: `/${matched.filter((s) => s !== '').join('/')}${tail}`,
    authority,
  };
}
