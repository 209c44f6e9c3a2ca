import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { FicusError } from '@ficus/core';
import { endToEndHeaders } from './hop-by-hop';
import type { Upstream } from './upstream-pool';

export type ForwardFailure = 'connect' | 'timeout' | 'reset';

/** Why an exchange with an upstream failed before its response head arrived. */
export class ForwardError extends FicusError {
  constructor(
    readonly kind: ForwardFailure,
    readonly upstream: string,
    cause?: unknown,
  ) {
    const what =
      kind === 'timeout'
        ? 'did not answer in time'
        : kind === 'connect'
          ? 'refused the connection'
          : 'closed the connection';
    super(`FICUS_UPSTREAM_${kind.toUpperCase()}`, `upstream "${upstream}" ${what}`, {
      retriable: true,
      cause,
    });
  }
}

export interface Outbound {
  upstream: Upstream;
  method: string;
  /** The request target as the client sent it (path and query). */
  url: string;
  /** Raw header list, already cleaned of hop-by-hop headers (see hop-by-hop.ts). */
  headers: string[];
  /** A buffered body (replayable), a stream (sent once), or nothing. */
  body: Buffer | Readable | null;
}

export interface Exchange {
  request: ClientRequest;
  response: Promise<IncomingMessage>;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function classify(err: Error): ForwardFailure {
  if (err instanceof ForwardError) return err.kind;
  return CONNECT_CODES.has((err as NodeJS.ErrnoException).code ?? '') ? 'connect' : 'reset';
}

/** Response headers the gateway sets itself; the upstream's copies are dropped. */
const REPLACED_RESPONSE = new Set(['x-request-id', 'x-ficus-route', 'x-ficus-upstream']);

/**
 * The one seam through which every request leaves the gateway: plain node:http, so each failure is
 * ours to classify, a client that goes away takes its upstream request with it (http-proxy 1.18
 * waits for an 'aborted' event Node stopped emitting in 15.5 and leaks the upstream socket, see
 * http-party/node-http-proxy#1559), and a 5xx can be held back for a fail-open replay before
 * anything reaches the client.
 */
export class Forwarder {
  /** Starts an exchange; `response` settles at the response head, or with a ForwardError. */
  send(out: Outbound): Exchange {
    const { upstream } = out;
    const request = (upstream.url.protocol === 'https:' ? httpsRequest : httpRequest)({
      protocol: upstream.url.protocol,
      hostname: upstream.url.hostname,
      port: upstream.url.port,
      method: out.method,
      path: upstream.basePath + out.url,
      headers: out.headers,
      agent: upstream.agent,
    });
    // Idle time on the upstream socket: covers the wait for the head and any stall in the body.
    request.setTimeout(upstream.timeoutMs, () =>
      request.destroy(new ForwardError('timeout', upstream.name)),
    );
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', (err) => reject(new ForwardError(classify(err), upstream.name, err)));
    });
    if (out.body === null) request.end();
    else if (Buffer.isBuffer(out.body)) request.end(out.body);
    // A failing body (client abort, size limit) destroys the request, which rejects `response`.
    else pipeline(out.body, request, () => undefined);
    return { request, response };
  }

  /** Streams an upstream response to the client with the gateway's own headers added. */
  relay(
    upstream: IncomingMessage,
    res: ServerResponse,
    extraHeaders: readonly string[],
    tap?: Transform,
  ): Promise<void> {
    const headers = endToEndHeaders(upstream.rawHeaders, REPLACED_RESPONSE);
    headers.push(...extraHeaders);
    res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
    // Piped by hand: stream.pipeline() allocates an AbortController and, on every completion, a
    // DOMException, which showed up as ~6% of the gateway's CPU under load.
    return new Promise((done) => {
      let settled = false;
      const finish = (failed: boolean): void => {
        if (settled) return;
        settled = true;
        if (failed) {
          // A response cut half-way can only be signalled by cutting the client connection too.
          upstream.destroy();
          if (!res.writableFinished) res.destroy();
        }
        done();
      };
      res.once('finish', () => finish(false));
      res.once('close', () => finish(!res.writableFinished));
      upstream.once('error', () => finish(true));
      upstream.once('close', () => {
        if (!upstream.complete) finish(true);
      });
      if (tap) {
        tap.once('error', () => finish(true));
        upstream.pipe(tap).pipe(res);
      } else upstream.pipe(res);
    });
  }
}
