import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { HOP_BY_HOP, namedByConnection } from './hop-by-hop';

/**
 * Client headers never copied upstream: hop-by-hop ones, those the gateway sets itself whatever
 * the client sent, and `Expect`: Node's server has already answered the client's 100-continue, and
 * an Expect header makes Node flush the upstream request head at once and http-proxy skip its
 * 'proxyReq' event (web-incoming.js).
 */
const NOT_COPIED: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP,
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'traceparent',
  'x-request-id',
  // Only the gateway may mark a request as a shadow (dry-run) copy.
  'x-ficus-shadow',
  'expect',
]);

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Adds one header line to a header object; repeated names become arrays (one line each upstream). */
export function addHeader(headers: OutgoingHttpHeaders, name: string, value: string): void {
  const prev = headers[name];
  if (prev === undefined) headers[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else headers[name] = [String(prev), value];
}

/**
 * A copy of a header object with one more header. Copied key by key: V8 takes a slow path for an
 * object spread with an added key (`{ ...headers, [name]: value }`), four times the cost here.
 */
export function withHeader(
  headers: OutgoingHttpHeaders,
  name: string,
  value: string,
): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = {};
  for (const key in headers) copy[key] = headers[key];
  copy[name] = value;
  return copy;
}

/**
 * The headers sent upstream, as the object http-proxy copies onto its request, built in one pass
 * over the raw list (names lower-cased, duplicates kept): the client's end-to-end headers (Host
 * included, so virtual hosts keep working), then X-Forwarded-For with this hop appended to any
 * chain the client brought, X-Forwarded-Proto/Host as this gateway saw them (a client cannot claim
 * https through it), one traceparent and the request id.
 */
export function upstreamHeaders(
  req: IncomingMessage,
  requestId: string,
  traceparent: string,
): OutgoingHttpHeaders {
  const raw = req.rawHeaders;
  const headers: OutgoingHttpHeaders = {};
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (!NOT_COPIED.has(name)) addHeader(headers, name, value);
    else if (name === 'connection') connection = connection ? `${connection},${value}` : value;
  }
  // RFC 9110 §7.6.1: the headers Connection names are hop-by-hop too.
  if (connection) for (const name of namedByConnection(connection)) delete headers[name];
  const incoming = req.headers['x-forwarded-for'];
  const chain = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  const address = clientAddress(req);
  headers['x-forwarded-for'] = chain ? `${chain}, ${address}` : address;
  headers['x-forwarded-proto'] = 'encrypted' in req.socket ? 'https' : 'http';
  headers.traceparent = traceparent;
  headers['x-request-id'] = requestId;
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}
