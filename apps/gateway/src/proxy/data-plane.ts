import {
  createServer,
  ServerResponse,
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '@ficus/core';
import type { FailOpenConfig, LimitsConfig, RouteConfig } from '../config/config.schema';
import { UNMATCHED_ROUTE, type GatewayMetrics, type Side } from '../metrics/gateway-metrics';
import type { RouteInstruments } from '../metrics/route-instruments';
import { ParityTracker } from '../parity/parity-tracker';
import { AutoRollback } from '../rollback/auto-rollback';
import { cohortBucket, cohortKeyValue, inCanary } from '../routing/cohort';
import type { RouteRegistry } from '../routing/route-registry';
import { DEFAULT_UPGRADES, type CompiledRoute, type RouteMatch } from '../routing/route-table';
import { BodyTap, readBody } from '../http/body-tap';
import { watchChunkSizes } from '../http/chunk-sizes';
import { CircuitBreaker } from '../migration/circuit-breaker';
import { Forwarder, ForwardError, type ExchangeHandler, type Outbound } from '../http/forwarder';
import { passOn, relay } from '../http/relay';
import { sendProblem, writeRawProblem, type Problem } from '../http/problem';
import { upstreamHeaders, withHeader } from '../http/request-headers';
import { isValidAuthority, needsNormalising, normaliseTarget } from '../http/request-target';
import { ShadowClient } from '../migration/shadow-client';
import { DEFAULT_PARITY_BODY_BYTES, SAFE_METHODS, ShadowRunner } from '../migration/shadow-runner';
import { declaredLength, hasBody, smugglingProblem } from '../http/smuggling';
import { requestIdFor, traceparentFor } from '../http/trace-context';
import { UpstreamPool, type Upstream } from '../http/upstream-pool';
import { WebSocketTunnel } from '../http/websocket-tunnel';

/** Methods whose repetition has the effect of one request (RFC 9110 §9.2.2): safe to replay. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const DEFAULT_FAIL_OPEN: FailOpenConfig = { enabled: true, maxBodyBytes: 64 * 1024 };
const DEFAULT_SHADOW_BODY_BYTES = 64 * 1024;
/** How long close() lets requests in flight finish before cutting their connections. */
const DRAIN_MS = 5_000;

const kCall = Symbol('ficus.call');

type WithCall = ServerResponse & { [kCall]?: Call };

/** One client request on its way through the gateway. */
class Call {
  readonly method: string;
  readonly started = performance.now();
  route: RouteConfig | undefined = undefined;
  /** Who is answering; read when the response ends, for metrics. */
  side: Side = 'gateway';
  /** Headers for the upstream (hop-by-hop removed, forwarding, trace and id headers set). */
  headers: OutgoingHttpHeaders;
  /** The normalised target (see request-target.ts): what legacy is sent. */
  url: string;
  /** The path routes are matched on (the target itself unless normalising told them apart). */
  matchPath: string;
  /** What the route's target is sent: `url` unless the route rewrites its prefix. */
  targetUrl: string;
  /** The upstream request in flight, destroyed if the client goes away first. */
  current: ClientRequest | undefined = undefined;
  /** The request body on its way upstream, when it has one (size limit, copy). */
  tap: BodyTap | undefined = undefined;
  clientGone = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: WithCall,
    readonly id: string,
    public instruments: RouteInstruments,
  ) {
    this.method = req.method ?? 'GET';
    this.headers = upstreamHeaders(req, id, traceparentFor(req.headers));
    this.url = this.matchPath = this.targetUrl = req.url ?? '/';
    res[kCall] = this;
    res.on('close', onCallClosed);
  }

  closed(): void {
    const res = this.res;
    if (!res.writableFinished) {
      // The client went away: take the upstream request with it, or its socket lingers
      // (http-proxy waits for an 'aborted' event Node no longer emits: node-http-proxy#1559).
      this.clientGone = true;
      this.current?.destroy();
    }
    const status = res.headersSent ? res.statusCode : 499;
    this.instruments.answered(
      this.side,
      this.method,
      status,
      (performance.now() - this.started) / 1000,
    );
  }
}

/** Shared by every response (a closure per request would be garbage at this rate). */
function onCallClosed(this: WithCall): void {
  this[kCall]?.closed();
}

/** The request body of a request without one, shared. */
const NO_BODY = Buffer.alloc(0);

interface Streamed {
  ok: boolean;
  status: number;
  /** Time to the upstream's response head. */
  ms: number;
  failure?: ForwardError;
  /** The request body copy: empty without a body, undefined when it was too large to copy. */
  requestBody: Buffer | undefined;
  response?: { status: number; headers: IncomingMessage['headers']; body: Buffer | undefined };
}

const FAILURE_STATUS = { connect: 502, reset: 502, timeout: 504 } as const;

/**
 * The data plane: matches each request against the registry's current snapshot and applies the
 * route's mode (legacy, shadow, canary, new, retired) with fail-open, circuit breaking, shadow
 * comparison and the HTTP hygiene a proxy owes its upstreams (smuggling shapes refused, hop-by-hop
 * headers dropped both ways, one traceparent, a request id, size and time limits).
 */
export class DataPlane {
  readonly parity = new ParityTracker();
  readonly rollback: AutoRollback;
  private readonly server: Server;
  private readonly forwarder = new Forwarder();
  private readonly websockets = new WebSocketTunnel(this.forwarder.proxy);
  private readonly upstreams: UpstreamPool;
  private readonly legacy: Upstream;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly shadowClient = new ShadowClient();
  private readonly shadows: ShadowRunner;
  private readonly limits: LimitsConfig;
  private readonly tunnels = new Set<Socket>();
  private readonly stopTracking: () => void;
  private readonly unmatched: RouteInstruments;

  constructor(
    private readonly registry: RouteRegistry,
    private readonly metrics: GatewayMetrics,
    private readonly log: Logger,
  ) {
    const config = registry.config;
    this.limits = config.limits;
    this.upstreams = new UpstreamPool(config.upstreams);
    this.legacy = this.upstreams.get(config.legacy);
    for (const upstream of this.upstreams.all()) {
      if (upstream.name === config.legacy) continue;
      metrics.setCircuitState(upstream.name, 'closed');
      const onState = (state: 'closed' | 'open' | 'half-open') => {
        metrics.setCircuitState(upstream.name, state);
        log.warn({ upstream: upstream.name, state }, 'circuit breaker changed state');
      };
      this.breakers.set(upstream.name, new CircuitBreaker(upstream.config.circuit, onState));
    }
    this.rollback = new AutoRollback(registry, this.parity, log);
    this.shadows = new ShadowRunner(
      this.shadowClient,
      this.parity,
      this.rollback,
      log,
      this.limits.shadowYieldAbove,
    );
    this.stopTracking = metrics.trackRoutes(registry);
    this.unmatched = metrics.forRoute(UNMATCHED_ROUTE);
    this.server = createServer({
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default, far coarser than the limits).
      connectionsCheckingInterval: Math.min(1000, this.limits.headersTimeoutMs),
    });
    // One line past the limit is kept, so that a request over it can be told from one at it.
    this.server.maxHeadersCount = this.limits.maxHeaderCount + 1;
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    // Node would answer 100 Continue before the request is seen; a request the gateway refuses
    // (a declared body over the limit, for one) gets its refusal instead, and its body is not sent.
    this.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) =>
      this.handle(req, res, true),
    );
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) =>
      refuseUnparsable(err, socket),
    );
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, host, () => {
        this.server.off('error', fail);
        done();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeIdleConnections();
    for (const socket of this.tunnels) socket.destroy();
    const timer = setTimeout(() => this.server.closeAllConnections(), DRAIN_MS);
    await closed;
    clearTimeout(timer);
    this.stopTracking();
    this.rollback.close();
    this.upstreams.destroy();
    this.shadows.close();
    await this.shadowClient.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse, expectsContinue = false): void {
    const call = this.begin(req, res);
    const refusal = this.refusal(req, call.headers) ?? this.readTarget(call);
    if (refusal) {
      this.answer(call, refusal, true);
      return;
    }
    if ((declaredLength(req) ?? 0) > this.limits.maxBodyBytes) {
      this.answer(call, tooLarge(this.limits.maxBodyBytes), true);
      return;
    }
    if (req.headers['transfer-encoding'] !== undefined) {
      const chunkRefusal = this.watchChunks(call);
      if (chunkRefusal) {
        this.answer(call, chunkRefusal, true);
        return;
      }
    }
    const match = this.registry.snapshot().table.match(call.method, call.matchPath, req.headers);
    const route = match?.route.config;
    if (match && route) {
      call.route = route;
      call.instruments = match.route.instruments ?? this.metrics.forRoute(route.name);
    }
    if (route?.mode === 'retired') {
      this.answer(call, {
        status: 410,
        code: 'FICUS_ROUTE_RETIRED',
        title: 'Gone',
        detail: `route "${route.name}" has been retired`,
      });
      return;
    }
    if (expectsContinue) res.writeContinue();
    let target: Upstream | undefined;
    let legacyHalf = false;
    try {
      target = this.newSide(call, match);
      if (!target && route?.mode === 'canary' && route.target !== undefined) {
        target = this.upstreams.get(route.target);
        legacyHalf = true;
      }
    } catch (err) {
      // An upstream the registry no longer knows, say: one request's 502, never the process.
      this.failed(call, err);
      return;
    }
    if (route && target) {
      if (match.route.rewrite) call.targetUrl = rewritten(call.url, match.route.rewrite);
      void this.dispatchSafely(call, route, target, legacyHalf);
    } else this.pass(call);
  }

  /**
   * What the gateway refuses in any request, upgrades included, before reading its target: more
   * header lines than it can carry (431: Node's parser would drop the rest, framing headers
   * included), a smuggling shape, and a Host header that is repeated or not an authority, which
   * RFC 9112 §3.2 answers with 400.
   */
  private refusal(req: IncomingMessage, headers: OutgoingHttpHeaders): Problem | undefined {
    if (req.rawHeaders.length > 2 * this.limits.maxHeaderCount) {
      return {
        status: 431,
        code: 'FICUS_HEADERS_TOO_LARGE',
        title: 'Request headers too large',
        detail: `the request has more than ${this.limits.maxHeaderCount} header lines; send fewer, or raise limits.maxHeaderCount`,
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

  /**
   * Refuses a chunked body as soon as a chunk size says it is over the limit (chunk-sizes.ts): at
   * once when the size came with the headers (returned), else by failing the exchange under way.
   */
  private watchChunks(call: Call): Problem | undefined {
    const limit = this.limits.maxBodyBytes;
    let early: Problem | undefined;
    watchChunkSizes(call.req, limit, (why) => {
      const problem = why === 'too_large' ? tooLarge(limit) : UNBOUNDED_CHUNK;
      const tap = call.tap;
      if (!tap) {
        early = problem;
        return;
      }
      tap.refuse(problem);
      // With an error, which an abort (what a failed pipe does) before the upstream socket is
      // assigned would not emit: the exchange must settle, for the refusal to be answered.
      call.current?.destroy(new Error(problem.detail));
    });
    return early;
  }

  /**
   * Normalises the request target into `call` when it needs it (request-target.ts), and takes an
   * absolute-form target's authority as the Host (RFC 9112 §3.2.2). The common target, a plain
   * path, is used as it came, with no allocation.
   */
  private readTarget(call: Call): Problem | undefined {
    if (!needsNormalising(call.url)) return undefined;
    const target = normaliseTarget(call.url, call.method);
    if (typeof target === 'string') return malformed(target);
    call.url = call.targetUrl = target.url;
    call.matchPath = target.matchPath;
    if (target.authority !== undefined) {
      call.req.headers.host = target.authority;
      call.headers.host = target.authority;
      call.headers['x-forwarded-host'] = target.authority;
    }
    return undefined;
  }

  /**
   * The new service's upstream when the route involves it for this request (shadow, new, or a
   * canary cohort member); undefined when legacy answers alone.
   */
  private newSide(call: Call, match: RouteMatch | undefined): Upstream | undefined {
    const route = call.route;
    if (!match || !route || route.target === undefined) return undefined;
    switch (route.mode) {
      case 'shadow':
      case 'new':
        return this.upstreams.get(route.target);
      case 'canary':
        return this.inCohort(call, match) ? this.upstreams.get(route.target) : undefined;
      case 'legacy':
      case 'retired':
        return undefined;
    }
  }

  /**
   * No failure of one request may escape as an unhandled rejection: it becomes a 502. `legacyHalf`
   * is a canary request outside the cohort: legacy answers and, like in shadow, a sampled copy goes
   * to the target, so parity stays measured while the canary runs (the canary gates read it).
   */
  private async dispatchSafely(
    call: Call,
    route: RouteConfig,
    target: Upstream,
    legacyHalf = false,
  ): Promise<void> {
    try {
      if (route.mode === 'shadow' || legacyHalf) await this.shadow(call, route, target);
      else await this.toNew(call, route, target);
    } catch (err) {
      this.failed(call, err);
    }
  }

  private failed(call: Call, err: unknown): void {
    this.log.error({ route: call.route?.name, err: (err as Error).message }, 'request failed');
    this.answer(call, { status: 502, code: 'FICUS_GATEWAY_ERROR', title: 'Gateway error' });
  }

  /**
   * Legacy answers and nothing waits on the outcome: unmatched requests, legacy routes, canary
   * requests outside the cohort, the bulk of traffic during a migration. The exchange's events drive
   * it through the shared `passing` handler, with no promise on the way.
   */
  private pass(call: Call): void {
    try {
      const body = this.tapBody(call, 0);
      call.current = this.forwarder.forward(
        this.outbound(call, this.legacy, body, 'legacy'),
        this.passing,
        call,
      );
    } catch (err) {
      this.failed(call, err);
    }
  }

  private readonly passing: ExchangeHandler<Call> = {
    responded: (call, res) => {
      call.side = 'legacy';
      try {
        passOn(res, call.res, this.answerHeaders(call, 'legacy'));
      } catch (err) {
        res.destroy();
        this.exchangeFailed(
          call,
          this.legacy,
          'legacy',
          new ForwardError('reset', this.legacy.name, err),
        );
      }
    },
    failed: (call, failure) => this.exchangeFailed(call, this.legacy, 'legacy', failure),
  };

  /** The client's request body through a tap that enforces the size limit and keeps a copy. */
  private tapBody(call: Call, copyBytes: number): BodyTap | undefined {
    const { req } = call;
    if (!hasBody(req)) return undefined;
    const tap = new BodyTap(this.limits.maxBodyBytes, copyBytes);
    req.pipe(tap);
    req.once('close', () => {
      if (!req.complete) tap.destroy(new Error('the client aborted the request body'));
    });
    call.tap = tap;
    return tap;
  }

  private outbound(
    call: Call,
    upstream: Upstream,
    body: Buffer | BodyTap | undefined,
    side: Side,
  ): Outbound {
    let headers = call.headers;
    // The chunked framing was a hop-by-hop header; the upstream hop needs its own.
    if (body instanceof BodyTap && call.req.headers['content-length'] === undefined)
      headers = withHeader(headers, 'transfer-encoding', 'chunked');
    const url = side === 'new' ? call.targetUrl : call.url;
    return { upstream, method: call.method, url, headers, body: body ?? null };
  }

  private begin(req: IncomingMessage, res: ServerResponse): Call {
    return new Call(req, res, requestIdFor(req.headers), this.unmatched);
  }

  /** A request without the cohort key stays on legacy: no key, no stable side to keep it on. */
  private inCohort(call: Call, match: RouteMatch): boolean {
    const { cohort, cohortSalt, pattern } = match.route;
    if (!cohort || !call.route) return false;
    const key = cohortKeyValue(cohort, call.req.headers, pattern, match.parts);
    return key !== undefined && inCanary(cohortBucket(cohortSalt, key), call.route.weight);
  }

  private async shadow(call: Call, route: RouteConfig, target: Upstream): Promise<void> {
    if (!SAFE_METHODS.has(call.method) && !route.shadow?.writes) {
      this.parity.skip(route.name, 'unsafe_method', call.instruments);
      await this.stream(call, this.legacy, 'legacy');
      return;
    }
    if (!this.shadows.admit(route, call.instruments)) {
      await this.stream(call, this.legacy, 'legacy');
      return;
    }
    const copy = {
      request: route.shadow?.maxBodyBytes ?? DEFAULT_SHADOW_BODY_BYTES,
      response: route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES,
    };
    const result = await this.stream(call, this.legacy, 'legacy', { copy });
    if (!result.ok || call.clientGone || !result.response) {
      this.parity.skip(route.name, 'legacy_failed', call.instruments);
      return;
    }
    if (result.requestBody === undefined) {
      this.parity.skip(route.name, 'request_too_large', call.instruments);
      return;
    }
    this.shadows.run({
      route,
      instruments: call.instruments,
      target,
      legacy: this.legacy,
      method: call.method,
      url: call.url,
      targetUrl: call.targetUrl,
      headers: call.headers,
      body: result.requestBody,
      legacyResponse: result.response,
    });
  }

  /**
   * The new service answers. Idempotent requests with a small body are buffered so that a refused
   * connection, a timeout or a 5xx can be replayed to legacy (fail-open); anything else is
   * streamed and never replayed. An open circuit sends straight to legacy, which is not a replay:
   * the service never saw the request.
   */
  private async toNew(call: Call, route: RouteConfig, target: Upstream): Promise<void> {
    const breaker = this.breakers.get(target.name);
    const failOpen = route.failOpen ?? DEFAULT_FAIL_OPEN;
    if (breaker && !breaker.allow()) {
      call.instruments.upstreamError('new', 'circuit_open');
      if (!failOpen.enabled) {
        this.answer(call, {
          status: 503,
          code: 'FICUS_CIRCUIT_OPEN',
          title: 'Service unavailable',
          detail: `upstream "${target.name}" is failing and its circuit is open; fail-open is disabled for route "${route.name}"`,
        });
        return;
      }
      call.instruments.failedOpen('circuit_open');
      await this.stream(call, this.legacy, 'legacy');
      return;
    }
    const replayable =
      failOpen.enabled &&
      IDEMPOTENT.has(call.method) &&
      (declaredLength(call.req) ?? (hasBody(call.req) ? Infinity : 0)) <= failOpen.maxBodyBytes;
    let body: Buffer | undefined;
    if (replayable && hasBody(call.req)) {
      try {
        body = await readBody(call.req, failOpen.maxBodyBytes);
      } catch {
        breaker?.abandon();
        call.res.destroy();
        return;
      }
    }
    const result = await this.stream(call, target, 'new', { body, holdBack5xx: replayable });
    if (call.clientGone) {
      breaker?.abandon();
      return;
    }
    const failed = !result.ok || result.status >= 500;
    if (failed) breaker?.failure();
    else breaker?.success();
    this.rollback.record(route, result.ms, failed);
    if (!failed) return;
    const kind = result.failure?.kind ?? '5xx';
    call.instruments.upstreamError('new', kind);
    if (!replayable) return;
    call.instruments.failedOpen(kind);
    await this.stream(call, this.legacy, 'legacy', { body: body ?? NO_BODY });
  }

  /**
   * One exchange with an upstream, its response relayed to the client. With `body` the request
   * body is that buffer (a replay); otherwise the client's body streams through a tap that
   * enforces the size limit and, with `copy`, keeps bounded copies of the request and response.
   * With `holdBack5xx` a 5xx or a failure is not answered: the caller fails open.
   */
  private async stream(
    call: Call,
    upstream: Upstream,
    side: Side,
    opts: {
      body?: Buffer | undefined;
      copy?: { request: number; response: number };
      holdBack5xx?: boolean;
    } = {},
  ): Promise<Streamed> {
    const tap = opts.body === undefined ? this.tapBody(call, opts.copy?.request ?? 0) : undefined;
    const sentAt = performance.now();
    const exchange = this.forwarder.send(this.outbound(call, upstream, opts.body ?? tap, side));
    call.current = exchange.request;
    const requestBody = opts.body ?? (tap ? tap.copy() : NO_BODY);
    try {
      const res = await exchange.response;
      const ms = performance.now() - sentAt;
      const status = res.statusCode ?? 502;
      if (opts.holdBack5xx && status >= 500) {
        res.resume();
        return { ok: true, status, ms, requestBody };
      }
      call.side = side;
      const relayed = await relay(
        res,
        call.res,
        this.answerHeaders(call, side),
        opts.copy?.response,
      );
      return {
        ok: true,
        status,
        ms,
        requestBody: tap ? tap.copy() : requestBody,
        // A response cut half-way is no answer to compare.
        response: relayed.failed ? undefined : { status, headers: res.headers, body: relayed.copy },
      };
    } catch (err) {
      const ms = performance.now() - sentAt;
      const failure =
        err instanceof ForwardError ? err : new ForwardError('reset', upstream.name, err);
      if (!opts.holdBack5xx) this.exchangeFailed(call, upstream, side, failure);
      else if (tap?.limitExceeded) this.answer(call, tooLarge(this.limits.maxBodyBytes), true);
      else if (tap?.refusal) this.answer(call, tap.refusal, true);
      return { ok: false, status: 0, ms, failure, requestBody };
    }
  }

  /** An exchange failed before its answer was relayed: the body was too large, or the upstream failed. */
  private exchangeFailed(call: Call, upstream: Upstream, side: Side, failure: ForwardError): void {
    if (call.tap?.limitExceeded) this.answer(call, tooLarge(this.limits.maxBodyBytes), true);
    else if (call.tap?.refusal) this.answer(call, call.tap.refusal, true);
    else if (!call.clientGone) this.upstreamFailed(call, upstream, side, failure);
  }

  private upstreamFailed(call: Call, upstream: Upstream, side: Side, failure: ForwardError): void {
    this.log.warn(
      {
        route: call.route?.name,
        upstream: upstream.name,
        failure: failure.kind,
        requestId: call.id,
      },
      'upstream failure',
    );
    // The new side's failures are counted by toNew(), which also decides on fail-open.
    if (side === 'legacy') call.instruments.upstreamError('legacy', failure.kind);
    this.answer(
      call,
      {
        status: FAILURE_STATUS[failure.kind],
        code: failure.kind === 'timeout' ? 'FICUS_UPSTREAM_TIMEOUT' : 'FICUS_UPSTREAM_UNAVAILABLE',
        title: failure.kind === 'timeout' ? 'Upstream timed out' : 'Upstream unavailable',
        detail: failure.message.replace(/^FICUS_UPSTREAM_[A-Z]+: /, ''),
      },
      false,
      side,
    );
  }

  private answerHeaders(call: Call, side: Side): string[] {
    const headers = ['x-request-id', call.id, 'x-ficus-upstream', side];
    if (call.route) headers.push('x-ficus-route', call.route.name);
    return headers;
  }

  /**
   * Answers from the gateway itself; `close` ends the connection (the body was not read), `side`
   * names the upstream whose failure this reports, for metrics and x-ficus-upstream.
   */
  private answer(call: Call, problem: Problem, close = false, side: Side = 'gateway'): void {
    if (call.clientGone) return;
    if (!call.res.headersSent) call.side = side;
    const extra = this.answerHeaders(call, call.side);
    if (close) extra.push('connection', 'close');
    sendProblem(call.res, problem, call.id, extra);
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
    const id = requestIdFor(req.headers);
    const headers = upstreamHeaders(req, id, traceparentFor(req.headers));
    let url = req.url ?? '/';
    let matchPath = url;
    let refusal = this.refusal(req, headers);
    if (!refusal && needsNormalising(url)) {
      const target = normaliseTarget(url, req.method ?? 'GET');
      if (typeof target === 'string') refusal = malformed(target);
      else {
        ({ url, matchPath } = target);
        if (target.authority !== undefined) {
          req.headers.host = headers.host = headers['x-forwarded-host'] = target.authority;
        }
      }
    }
    if (refusal) {
      writeRawProblem(socket, refusal, id, ['x-request-id', id]);
      return;
    }
    const match = this.registry.snapshot().table.match(req.method ?? 'GET', matchPath, req.headers);
    const route = match?.route.config;
    if (!upgradeAllowed(req.headers.upgrade, match?.route.upgrades ?? DEFAULT_UPGRADES)) {
      this.serveWithoutUpgrade(req, socket, id);
      return;
    }
    const answer = ['x-request-id', id];
    if (route) answer.push('x-ficus-route', route.name);
    if (route?.mode === 'retired') {
      writeRawProblem(
        socket,
        { status: 410, code: 'FICUS_ROUTE_RETIRED', title: 'Gone' },
        id,
        answer,
      );
      return;
    }
    const upstream = this.upgradeTarget(req, match);
    const side: Side = upstream === this.legacy ? 'legacy' : 'new';
    answer.push('x-ficus-upstream', side);
    const rewrite = match?.route.rewrite;
    this.websockets.open(
      {
        upstream,
        req,
        url: side === 'new' && rewrite ? rewritten(url, rewrite) : url,
        socket,
        head,
        headers,
        answerHeaders: answer,
      },
      (failure) => {
        const timeout = failure.kind === 'timeout';
        writeRawProblem(
          socket,
          {
            status: FAILURE_STATUS[failure.kind],
            code: timeout ? 'FICUS_UPSTREAM_TIMEOUT' : 'FICUS_UPSTREAM_UNAVAILABLE',
            title: timeout ? 'Upstream timed out' : 'Upstream unavailable',
            detail: `upstream "${upstream.name}" could not take the upgrade`,
          },
          id,
          answer,
        );
      },
    );
  }

  /**
   * A request whose Upgrade the route does not relay (`Upgrade: h2c`, which would let a client speak
   * HTTP/2 to the upstream past every route) is served as plain HTTP/1.1 with the Upgrade ignored,
   * which RFC 9110 §7.8 allows a server and nginx does. Node has handed over the connection, so the
   * response is written on it directly and the connection closes after it. Node left a body, if
   * any, unread on the socket (it expected another protocol there): such a request is refused.
   */
  private serveWithoutUpgrade(req: IncomingMessage, socket: Socket, id: string): void {
    if (hasBody(req)) {
      writeRawProblem(
        socket,
        malformed(
          "the request asks for an Upgrade this route does not relay, and has a body; send it without Upgrade, or list the protocol in the route's upgrades",
        ),
        id,
        ['x-request-id', id],
      );
      return;
    }
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => socket.end());
    this.handle(req, res);
  }

  /** Upgrades follow the route's mode except shadow (a tunnel cannot be copied) and circuit state. */
  private upgradeTarget(req: IncomingMessage, match: RouteMatch | undefined): Upstream {
    const route = match?.route.config;
    if (!match || !route?.target) return this.legacy;
    const target = this.upstreams.get(route.target);
    const { cohort, cohortSalt, pattern } = match.route;
    const key = cohort ? cohortKeyValue(cohort, req.headers, pattern, match.parts) : undefined;
    const toNew =
      route.mode === 'new' ||
      (route.mode === 'canary' &&
        key !== undefined &&
        inCanary(cohortBucket(cohortSalt, key), route.weight));
    const breaker = this.breakers.get(target.name);
    return toNew && (!breaker || breaker.current === 'closed') ? target : this.legacy;
  }
}

/** Every protocol an Upgrade header offers (`websocket`, `h2c`, `foo/2`) is in `allowed`. */
function upgradeAllowed(value: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!value) return false;
  for (const offer of value.split(',')) {
    const name = offer.split('/')[0]!.trim().toLowerCase();
    if (!allowed.has(name)) return false;
  }
  return true;
}

/**
 * The target the route's upstream is sent: the prefix's segments replaced, query kept. The route
 * matched, so the path starts with the prefix's segments (a `;parameter` on one goes with it).
 */
function rewritten(url: string, rewrite: NonNullable<CompiledRoute['rewrite']>): string {
  let end = 0;
  for (let i = 0; i < rewrite.segments; i++) {
    end++;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  }
  const rest = url.slice(end);
  if (rest === '' || rest[0] === '?') return `${rewrite.add || '/'}${rest}`;
  return rewrite.add + rest;
}

const UNBOUNDED_CHUNK: Problem = {
  status: 400,
  code: 'FICUS_REQUEST_MALFORMED',
  title: 'Malformed request',
  detail: 'a chunk size of the request body is larger than any body can be (over 2^63 - 1 bytes)',
};

function malformed(detail: string): Problem {
  return { status: 400, code: 'FICUS_REQUEST_MALFORMED', title: 'Malformed request', detail };
}

function tooLarge(limit: number): Problem {
  return {
    status: 413,
    code: 'FICUS_BODY_TOO_LARGE',
    title: 'Content too large',
    detail: `the request body is larger than ${limit} bytes`,
  };
}

/**
 * Requests Node's parser refused (malformed framing, oversized headers, slow senders). The answer
 * is written raw because there is no response object, and only if no response is under way.
 */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: Socket): void {
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
