import type {
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import { pipeline, Stream, type Readable, type Transform } from 'node:stream';
import httpProxy from 'http-proxy';
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

/** The one http-proxy server of a Forwarder, shared with the WebSocket tunnel. */
export type ProxyServer = httpProxy;

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

export function classify(err: Error): ForwardFailure {
  if (err instanceof ForwardError) return err.kind;
  return CONNECT_CODES.has((err as NodeJS.ErrnoException).code ?? '') ? 'connect' : 'reset';
}

/** Response headers the gateway sets itself; the upstream's copies are dropped. */
export const REPLACED_RESPONSE: ReadonlySet<string> = new Set([
  'x-request-id',
  'x-ficus-route',
  'x-ficus-upstream',
]);

/**
 * A raw header list as the header object http-proxy copies onto the upstream request, repeated
 * names kept as arrays (Node writes one line per element). `Expect` is left out: Node's server has
 * already answered the client's 100-continue, and an Expect header makes Node flush the upstream
 * request head at once and http-proxy skip its 'proxyReq' event (web-incoming.js).
 */
export function headerObject(raw: readonly string[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'expect') continue;
    const value = raw[i + 1]!;
    const prev = headers[name];
    if (prev === undefined) headers[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else headers[name] = [String(prev), value];
  }
  return headers;
}

const targets = new WeakMap<Upstream, httpProxy.ProxyTarget>();

/** http-proxy's target for an upstream, made once: its path is set per request (see UpstreamCall). */
export function proxyTarget(upstream: Upstream): httpProxy.ProxyTarget {
  let target = targets.get(upstream);
  if (!target) {
    const { protocol, hostname, port } = upstream.url;
    target = {
      protocol,
      host: hostname,
      hostname,
      port: Number(port) || (protocol === 'https:' ? 443 : 80),
    };
    targets.set(upstream, target);
  }
  return target;
}

/**
 * Options every exchange shares. `toProxy` + `ignorePath` + no `prependPath` stop http-proxy from
 * building the upstream path itself: it would run url.parse() on every request (which turns `\`
 * into `/`) and collapse `//` (common.urlJoin), so the upstream would not see the target the route
 * table matched. The path is set on the request instead, before its head is written.
 */
const PROXY_DEFAULTS: httpProxy.ServerOptions = {
  selfHandleResponse: true,
  // request-headers.ts has already set X-Forwarded-For/Proto/Host, chain included.
  xfwd: false,
  // The client's Host goes upstream, so virtual hosts keep working.
  changeOrigin: false,
  toProxy: true,
  ignorePath: true,
  prependPath: false,
};

/**
 * Under selfHandleResponse http-proxy reads only `headersSent` and `finished` from the response it
 * is given, and there is none to give (the data plane relays); `finished` also spares a per-request
 * 'end' listener on the upstream response.
 */
const NO_RESPONSE = { headersSent: false, finished: true } as unknown as ServerResponse;

/** Never destroyed: keeps http-proxy from swallowing an ECONNRESET as 'econnreset' (see below). */
const NO_CLIENT_SOCKET = { destroyed: false };

/** Removes one of http-proxy's passes (`before`/`after` can add passes, nothing removes one). */
export function dropPass(proxy: ProxyServer, kind: 'web' | 'ws', name: string): void {
  const server = proxy as unknown as Record<string, Array<{ name: string }>>;
  const key = kind === 'web' ? 'webPasses' : 'wsPasses';
  server[key] = server[key]!.filter((pass) => pass.name !== name);
}

const kCall = Symbol('ficus.upstreamCall');

type TrackedRequest = ClientRequest & { [kCall]?: UpstreamCall };

/**
 * One exchange, in the three roles http-proxy needs: the "incoming request" it forwards (method,
 * url, headers; its 'aborted' and 'error' events never fire, the data plane watches the client),
 * the body source it pipes into the upstream request (`options.buffer`), and the state the
 * Forwarder's shared handlers settle. Its socket is never destroyed, because http-proxy drops an
 * ECONNRESET without calling back when the incoming request's socket is (web-incoming.js), which
 * would leave `response` pending forever.
 */
class UpstreamCall extends Stream {
  readonly socket = NO_CLIENT_SOCKET;
  readonly response: Promise<IncomingMessage>;
  request: ClientRequest | undefined;
  timedOut = false;
  private settled = false;
  private resolve!: (res: IncomingMessage) => void;
  private reject!: (err: ForwardError) => void;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: OutgoingHttpHeaders,
    private readonly body: Buffer | Readable | null,
    private readonly upstream: string,
  ) {
    super();
    this.response = new Promise<IncomingMessage>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /**
   * http-proxy calls this synchronously right after creating the upstream request, before its head
   * is written: the one moment to take hold of it. The 'proxyReq' event would be later (only once a
   * pooled socket is free, so a request queued at maxSockets could not be cancelled) and never
   * comes for a request with Expect.
   */
  override pipe<T extends NodeJS.WritableStream>(destination: T): T {
    const request = destination as unknown as TrackedRequest;
    this.request = request;
    request.path = this.url;
    request[kCall] = this;
    request.on('timeout', markTimedOut);
    const body = this.body;
    if (body === null) request.end();
    else if (Buffer.isBuffer(body)) request.end(body);
    // A failing body (client abort, size limit) destroys the request, which rejects `response`.
    else pipeline(body, request, ignore);
    return destination;
  }

  settle(res: IncomingMessage): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(res);
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    const kind = this.timedOut ? 'timeout' : classify(err);
    this.reject(new ForwardError(kind, this.upstream, err));
  }
}

function ignore(): void {}

/** http-proxy's proxyTimeout aborts the request; this tells that abort from an upstream reset. */
function markTimedOut(this: TrackedRequest): void {
  const call = this[kCall];
  if (call) call.timedOut = true;
}

function onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage): void {
  (req as unknown as UpstreamCall).settle(proxyRes);
}

function onProxyError(err: Error, req: IncomingMessage): void {
  (req as unknown as UpstreamCall).fail(err);
}

/**
 * The one seam through which every request leaves the gateway. It is built on http-proxy, as the
 * product requires, with one server per Forwarder and its events handled by shared functions that
 * find the exchange from the request they are given (no per-request closures of ours), and with
 * http-proxy 1.18's known faults fenced off (it has had no release since 2020):
 * - `selfHandleResponse`: the gateway sees the response head first, so a 5xx can be held back for
 *   a fail-open replay before anything reaches the client, and `relay` sets the gateway's headers.
 * - A client that goes away must take its upstream request with it: http-proxy waits for an
 *   'aborted' event Node stopped emitting in 15.5 and leaks the upstream socket
 *   (http-party/node-http-proxy#1559). The request is handed out in `Exchange.request` at once,
 *   and the data plane destroys it when the client's response closes before it finished.
 * - Its `deleteLength` pass is removed: it turns a chunked DELETE or OPTIONS into
 *   `Content-Length: 0` and then streams the body anyway, which the upstream reads as a second,
 *   smuggled request.
 * - The upstream path is the client's request target, byte for byte (see PROXY_DEFAULTS).
 * - Timeouts and failures are classified (ForwardError: `timeout` → 504, `connect`/`reset` → 502)
 *   from http-proxy's callback, which every call passes, so its server never emits 'error'.
 */
export class Forwarder {
  readonly proxy: ProxyServer = httpProxy.createProxyServer(PROXY_DEFAULTS);

  constructor() {
    dropPass(this.proxy, 'web', 'deleteLength');
    this.proxy.on('proxyRes', onProxyRes);
    // Every call passes its own callback; this keeps an unexpected emit from throwing.
    this.proxy.on('error', ignore);
  }

  /** Starts an exchange; `response` settles at the response head, or with a ForwardError. */
  send(out: Outbound): Exchange {
    const { upstream } = out;
    const call = new UpstreamCall(
      out.method,
      upstream.basePath + out.url,
      headerObject(out.headers),
      out.body,
      upstream.name,
    );
    this.proxy.web(
      call as unknown as IncomingMessage,
      NO_RESPONSE,
      {
        target: proxyTarget(upstream),
        agent: upstream.agent,
        buffer: call,
        // Idle time on the upstream socket: covers the wait for the head and any stall in the body.
        proxyTimeout: upstream.timeoutMs,
      },
      onProxyError,
    );
    if (!call.request)
      throw new FicusError(
        'FICUS_FORWARD_FAILED',
        `http-proxy did not create a request to upstream "${upstream.name}"`,
      );
    return { request: call.request, response: call.response };
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
