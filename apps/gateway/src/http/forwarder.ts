import type {
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import httpProxy from 'http-proxy';
import { FicusError } from '@ficus/core';
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
  /** The normalised request target (path and query), as the route table matched it. */
  url: string;
  /** Header object, already cleaned of hop-by-hop headers (see request-headers.ts). */
  headers: OutgoingHttpHeaders;
  /** A buffered body (replayable), a stream (sent once), or nothing. */
  body: Buffer | Readable | null;
}

export interface Exchange {
  request: ClientRequest;
  response: Promise<IncomingMessage>;
}

/**
 * What settles an exchange started with `forward`: one object shared by many exchanges, told which
 * one through the context each exchange was given, so an exchange costs no closure or promise.
 * Exactly one of the two is called, from the upstream request's own events.
 */
export interface ExchangeHandler<C> {
  responded(context: C, response: IncomingMessage): void;
  failed(context: C, error: ForwardError): void;
}

/** The context `send` gives its exchanges: the promise it hands out. */
class Deferred {
  readonly promise: Promise<IncomingMessage>;
  resolve!: (res: IncomingMessage) => void;
  reject!: (err: ForwardError) => void;

  constructor() {
    this.promise = new Promise<IncomingMessage>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

const SETTLES_PROMISE: ExchangeHandler<Deferred> = {
  responded: (deferred, res) => deferred.resolve(res),
  failed: (deferred, err) => deferred.reject(err),
};

/** An http-proxy server: one per upstream for requests, one for WebSocket handshakes. */
export type ProxyServer = httpProxy;

/** Error codes that mean the upstream was never reached. */
export const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

export function classify(err: Error): ForwardFailure {
  if (err instanceof ForwardError) return err.kind;
  return CONNECT_CODES.has((err as NodeJS.ErrnoException).code ?? '') ? 'connect' : 'reset';
}

/**
 * A raw header list as a header object (for the WebSocket handshake and refusal, which http-proxy
 * writes from an object), repeated names kept as arrays (Node writes one line per element).
 * `Expect` is left out, as in request-headers.ts.
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
 * is given, and there is none to give (relay.ts relays); `finished` also spares a per-request
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
 * One exchange, in the two roles http-proxy needs: the "incoming request" it forwards (method, url,
 * headers, and the body source it pipes into the upstream request), and the state the Forwarder's
 * shared handlers settle. It is not an event emitter: http-proxy only listens for the incoming
 * request's 'aborted' and 'error', which an exchange never emits (the data plane watches the
 * client), so `on` ignores them. Its socket is never destroyed, because http-proxy drops an
 * ECONNRESET without calling back when the incoming request's socket is (web-incoming.js), which
 * would leave `response` pending forever.
 */
class UpstreamCall {
  readonly socket = NO_CLIENT_SOCKET;
  request: ClientRequest | undefined;
  timedOut = false;
  private settled = false;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: OutgoingHttpHeaders,
    private readonly body: Buffer | Readable | null,
    private readonly upstream: string,
    private readonly handler: ExchangeHandler<unknown>,
    private readonly context: unknown,
  ) {}

  on(): this {
    return this;
  }

  /**
   * http-proxy calls this synchronously right after creating the upstream request, before its head
   * is written: the one moment to take hold of it. The 'proxyReq' event would be later (only once a
   * pooled socket is free, so a request queued at maxSockets could not be cancelled) and never
   * comes for a request with Expect.
   */
  pipe(destination: ClientRequest): ClientRequest {
    const request = destination as TrackedRequest;
    this.request = request;
    request.path = this.url;
    request[kCall] = this;
    request.on('timeout', onUpstreamTimeout);
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
    this.handler.responded(this.context, res);
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    const kind = this.timedOut ? 'timeout' : classify(err);
    this.handler.failed(this.context, new ForwardError(kind, this.upstream, err));
  }
}

function ignore(): void {}

/**
 * The upstream socket was idle for the upstream's timeoutMs while this request was on it (the
 * agent arms that timer once per socket, see upstream-pool.ts): the exchange fails as a timeout.
 * The same event after the response head, a stalled body, ends the relay as cut.
 */
function onUpstreamTimeout(this: TrackedRequest): void {
  const call = this[kCall];
  if (call) call.timedOut = true;
  this.destroy();
}

function onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage): void {
  (req as unknown as UpstreamCall).settle(proxyRes);
}

function onProxyError(err: Error, req: IncomingMessage): void {
  (req as unknown as UpstreamCall).fail(err);
}

/**
 * `web(req, res, callback)`: with no options argument http-proxy uses the server's own options;
 * any options object, even an empty one, is merged into a copy of them on every request.
 */
type WebWithoutOptions = (
  req: IncomingMessage,
  res: ServerResponse,
  callback: httpProxy.ErrorCallback,
) => void;

function forwardingServer(options: httpProxy.ServerOptions): ProxyServer {
  const server = httpProxy.createProxyServer(options);
  dropPass(server, 'web', 'deleteLength');
  server.on('proxyRes', onProxyRes);
  // Every call passes its own callback; this keeps an unexpected emit from throwing.
  server.on('error', ignore);
  return server;
}

/**
 * The one seam through which every request leaves the gateway. It is built on http-proxy, as the
 * product requires, with one server per upstream (its target and keep-alive agent fixed, so a
 * request passes no options for http-proxy to merge) and its events handled by shared functions that
 * find the exchange from the request they are given (no per-request closures of ours), and with
 * http-proxy 1.18's known faults fenced off (it has had no release since 2020):
 * - `selfHandleResponse`: the gateway sees the response head first, so a 5xx can be held back for
 *   a fail-open replay before anything reaches the client, and relay.ts sets the gateway's headers.
 * - A client that goes away must take its upstream request with it: http-proxy waits for an
 *   'aborted' event Node stopped emitting in 15.5 and leaks the upstream socket
 *   (http-party/node-http-proxy#1559). The request is handed out in `Exchange.request` at once,
 *   and the call (proxy/call.ts) destroys it when the client's response closes before it finished.
 * - Its `deleteLength` pass is removed: it turns a chunked DELETE or OPTIONS into
 *   `Content-Length: 0` and then streams the body anyway, which the upstream reads as a second,
 *   smuggled request.
 * - The upstream path is the normalised request target the route table matched, byte for byte
 *   (see PROXY_DEFAULTS and request-target.ts).
 * - Upstream timeouts are the agent's socket timeout, not http-proxy's `proxyTimeout`, which would
 *   arm and disarm a timer on the pooled socket for every request, and only once it connected: an
 *   upstream that drops SYNs held a request for the OS's connect timeout (about 2 minutes).
 * - Timeouts and failures are classified (ForwardError: `timeout` → 504, `connect`/`reset` → 502)
 *   from http-proxy's callback, which every call passes, so its servers never emit 'error'.
 */
export class Forwarder {
  /** The server WebSocket handshakes go through (their target is given per call). */
  readonly proxy: ProxyServer = forwardingServer(PROXY_DEFAULTS);
  private readonly servers = new WeakMap<Upstream, ProxyServer>();

  /** Starts an exchange; `response` settles at the response head, or with a ForwardError. */
  send(out: Outbound): Exchange {
    const deferred = new Deferred();
    const request = this.forward(out, SETTLES_PROMISE, deferred);
    return { request, response: deferred.promise };
  }

  /**
   * Starts an exchange that settles through `handler`, called with `context`: at the response head
   * (`responded`), or with a ForwardError (`failed`). Returns the upstream request.
   */
  forward<C>(out: Outbound, handler: ExchangeHandler<C>, context: C): ClientRequest {
    const { upstream } = out;
    const call = new UpstreamCall(
      out.method,
      upstream.basePath + out.url,
      out.headers,
      out.body,
      upstream.name,
      handler,
      context,
    );
    (this.serverFor(upstream).web as WebWithoutOptions)(
      call as unknown as IncomingMessage,
      NO_RESPONSE,
      onProxyError,
    );
    if (!call.request)
      throw new FicusError(
        'FICUS_FORWARD_FAILED',
        `http-proxy did not create a request to upstream "${upstream.name}"`,
      );
    return call.request;
  }

  private serverFor(upstream: Upstream): ProxyServer {
    let server = this.servers.get(upstream);
    if (!server) {
      server = forwardingServer({
        ...PROXY_DEFAULTS,
        target: proxyTarget(upstream),
        agent: upstream.agent,
      });
      this.servers.set(upstream, server);
    }
    return server;
  }
}
