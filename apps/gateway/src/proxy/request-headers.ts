import type { IncomingMessage } from 'node:http';
import { endToEndHeaders } from './hop-by-hop';

/** Request headers the gateway sets itself, whatever the client sent. */
const REPLACED_REQUEST = new Set([
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'traceparent',
  'x-request-id',
  // Only the gateway may mark a request as a shadow (dry-run) copy.
  'x-ficus-shadow',
]);

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The header list sent upstream: the client's end-to-end headers (Host included, so virtual hosts
 * keep working), then X-Forwarded-For with this hop appended to any chain the client brought, and
 * X-Forwarded-Proto/Host as this gateway saw them (a client cannot claim https through it), one
 * traceparent and the request id.
 */
export function upstreamHeaders(
  req: IncomingMessage,
  requestId: string,
  traceparent: string,
): string[] {
  const headers = endToEndHeaders(req.rawHeaders, REPLACED_REQUEST);
  const incoming = req.headers['x-forwarded-for'];
  const chain = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  const address = clientAddress(req);
  headers.push(
    'X-Forwarded-For',
    chain ? `${chain}, ${address}` : address,
    'X-Forwarded-Proto',
    'encrypted' in req.socket ? 'https' : 'http',
    'traceparent',
    traceparent,
    'x-request-id',
    requestId,
  );
  if (req.headers.host) headers.push('X-Forwarded-Host', req.headers.host);
  return headers;
}
