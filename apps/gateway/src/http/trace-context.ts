import { randomFillSync, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// W3C Trace Context level 1 (https://www.w3.org/TR/trace-context/#traceparent-header): version 00,
// a non-zero trace id and parent id. Node joins repeated traceparent lines with ", ", which fails
// this pattern, so a duplicated header is replaced rather than forwarded twice.
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A sane request id: short, printable, no separators that could split a log line or a header. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Trace ids come from a pool refilled 8 KiB at a time: one randomFillSync per ~340 requests instead
// of one per request. Request ids are Node's randomUUID(), which keeps a similar pool of its own.
const pool = Buffer.alloc(8192);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** The incoming traceparent when it is one valid header, else a new trace (sampled). */
export function traceparentFor(headers: IncomingHttpHeaders): string {
  const incoming = headers.traceparent;
  if (typeof incoming === 'string' && TRACEPARENT.test(incoming)) return incoming;
  const ids = randomHex(24);
  return `00-${ids.slice(0, 32)}-${ids.slice(32)}-01`;
}

/** The incoming x-request-id when it is sane, else a new random (version 4) UUID, RFC 9562 §5.4. */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
