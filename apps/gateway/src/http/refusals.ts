import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { ForwardFailure } from './forwarder';
import { writeRawProblem, type Problem } from './problem';
import { isValidAuthority } from './request-target';
import { smugglingProblem } from './smuggling';

/**
 * What the gateway refuses in any request, upgrades included, before reading its target: more
 * header lines than it can carry (431: Node's parser would drop the rest, framing headers
 * included), a smuggling shape, and a Host header that is repeated or not an authority, which
 * RFC 9112 §3.2 answers with 400.
 */
export function requestRefusal(
  req: IncomingMessage,
  headers: OutgoingHttpHeaders,
  maxHeaderCount: number,
): Problem | undefined {
  if (req.rawHeaders.length > 2 * maxHeaderCount) {
    return {
      status: 431,
      code: 'FICUS_HEADERS_TOO_LARGE',
      title: 'Request headers too large',
      detail: `the request has more than ${maxHeaderCount} header lines; send fewer, or raise limits.maxHeaderCount`,
    };
  }
  const framing = smugglingProblem(req);
  if (framing) return malformed(framing);
  const host = headers.host;
  if (Array.isArray(host)) return malformed('the request has more than one Host header');
  if (typeof host === 'string' && !isValidAuthority(host))
    return malformed('the Host header is not a valid host[:port]');
  return undefined;
}

export const UNBOUNDED_CHUNK: Problem = {
  status: 400,
  code: 'FICUS_REQUEST_MALFORMED',
  title: 'Malformed request',
  detail: 'a chunk size of the request body is larger than any body can be (over 2^63 - 1 bytes)',
};

export function malformed(detail: string): Problem {
  return { status: 400, code: 'FICUS_REQUEST_MALFORMED', title: 'Malformed request', detail };
}

export function tooLarge(limit: number): Problem {
  return {
    status: 413,
    code: 'FICUS_BODY_TOO_LARGE',
    title: 'Content too large',
    detail: `the request body is larger than ${limit} bytes`,
  };
}

const FAILURE_STATUS = { connect: 502, reset: 502, timeout: 504 } as const;

/** An upstream that failed before its response head: 504 for a timeout, else 502. */
export function upstreamProblem(kind: ForwardFailure, detail: string): Problem {
  const timeout = kind === 'timeout';
  return {
    status: FAILURE_STATUS[kind],
    code: timeout ? 'FICUS_UPSTREAM_TIMEOUT' : 'FICUS_UPSTREAM_UNAVAILABLE',
    title: timeout ? 'Upstream timed out' : 'Upstream unavailable',
    detail,
  };
}

/**
 * Requests Node's parser refused (malformed framing, oversized headers, slow senders). The answer
 * is written raw because there is no response object, and only if no response is under way.
 */
export function refuseUnparsable(err: NodeJS.ErrnoException, socket: Socket): void {
  const inResponse = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inResponse) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  writeRawProblem(socket, {
    status,
    code:
      status === 408
        ? 'FICUS_REQUEST_TIMEOUT'
        : status === 431
          ? 'FICUS_HEADERS_TOO_LARGE'
          : 'FICUS_REQUEST_MALFORMED',
    title:
      status === 408
        ? 'Request timeout'
        : status === 431
          ? 'Request headers too large'
          : 'Malformed request',
  });
}
