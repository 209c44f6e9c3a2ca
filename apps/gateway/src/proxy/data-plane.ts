import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { LimitsConfig, RouteConfig } from '../config/config.schema';
import { watchChunkSizes } from '../http/chunk-sizes';
import { writeRawProblem, type Problem } from '../http/problem';
import {
  malformed,
  refuseUnparsable,
  requestRefusal,
  tooLarge,
  UNBOUNDED_CHUNK,
} from '../http/refusals';
import { upstreamHeaders } from '../http/request-headers';
import { needsNormalising, normaliseTarget } from '../http/request-target';
import { declaredLength, hasBody } from '../http/smuggling';
import { requestIdFor, traceparentFor } from '../http/trace-context';
import type { Upstream, UpstreamPool } from '../http/upstream-pool';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { RouteInstruments } from '../metrics/route-instruments';
import type { FailOpen } from '../migration/fail-open';
import type { Pass } from '../migration/pass';
import type { ProgressTracker } from '../progress/progress-tracker';
import type { Shadow } from '../migration/shadow';
import { upgradeAllowed, type Upgrades } from '../migration/upgrade';
import { rewritten } from '../routing/rewrite';
import type { RouteRegistry } from '../routing/route-registry';
import { DEFAULT_UPGRADES } from '../routing/route-table';
import { servingSide, type ServingSide } from '../routing/side';
import { answer } from './answers';
import { Call } from './call';
import type { Exchanges } from './exchanges';

/** How long close() lets requests in flight finish before cutting their connections. */
const DRAIN_MS = 5_000;

/** What the data plane is built from (gateway.ts builds them). */
export interface DataPlaneDeps {
  registry: RouteRegistry;
  metrics: GatewayMetrics;
  limits: LimitsConfig;
  upstreams: UpstreamPool;
  /** What answers a request no route sends elsewhere. */
  unmatched: RouteInstruments;
  exchanges: Exchanges;
  /** Legacy serves alone. */
  pass: Pass;
  /** Legacy serves, a copy goes to the new service. */
  shadow: Shadow;
  /** The new service serves, legacy stands in. */
  failOpen: FailOpen;
  upgrades: Upgrades;
  /** Counts every answered request per endpoint (the strangling progress). */
  progress?: ProgressTracker;
}

/**
 * The data plane's server: it refuses what no upstream should see (smuggling shapes, oversized
 * headers and bodies, malformed targets), normalises the target, matches it against the registry's
 * current snapshot, and hands the request to the handler of the side that serves it
 * (routing/side.ts): migration/pass.ts, shadow.ts or fail-open.ts; upgrades to upgrade.ts.
 */
export class DataPlane {
  private readonly server: Server;
  private readonly registry: RouteRegistry;
  private readonly metrics: GatewayMetrics;
  private readonly limits: LimitsConfig;
  private readonly upstreams: UpstreamPool;
  private readonly unmatched: RouteInstruments;
  private readonly exchanges: Exchanges;
  private readonly pass: Pass;
  private readonly shadow: Shadow;
  private readonly failOpen: FailOpen;
  private readonly upgrades: Upgrades;
  private readonly tunnels = new Set<Socket>();
  private readonly progress: ProgressTracker | undefined;

  constructor(deps: DataPlaneDeps) {
    ({
      registry: this.registry,
      metrics: this.metrics,
      limits: this.limits,
      upstreams: this.upstreams,
      unmatched: this.unmatched,
      exchanges: this.exchanges,
      pass: this.pass,
      shadow: this.shadow,
      failOpen: this.failOpen,
      upgrades: this.upgrades,
    } = deps);
    this.progress = deps.progress;
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

  /** Stops accepting and lets requests in flight finish, for DRAIN_MS at most. */
  async close(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeIdleConnections();
    for (const socket of this.tunnels) socket.destroy();
    const timer = setTimeout(() => this.server.closeAllConnections(), DRAIN_MS);
    await closed;
    clearTimeout(timer);
  }

  private handle(req: IncomingMessage, res: ServerResponse, expectsContinue = false): void {
    const call = new Call(req, res, requestIdFor(req.headers), this.unmatched);
    call.progress = this.progress;
    const refusal =
      requestRefusal(req, call.headers, this.limits.maxHeaderCount) ?? this.readTarget(call);
    if (refusal) {
      answer(call, refusal, true);
      return;
    }
    if ((declaredLength(req) ?? 0) > this.limits.maxBodyBytes) {
      answer(call, tooLarge(this.limits.maxBodyBytes), true);
      return;
    }
    if (req.headers['transfer-encoding'] !== undefined) {
      const chunkRefusal = this.watchChunks(call);
      if (chunkRefusal) {
        answer(call, chunkRefusal, true);
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
      answer(call, {
        status: 410,
        code: 'FICUS_ROUTE_RETIRED',
        title: 'Gone',
        detail: `route "${route.name}" has been retired`,
      });
      return;
    }
    if (expectsContinue) res.writeContinue();
    let side: ServingSide;
    let target: Upstream | undefined;
    try {
      side = servingSide(match, req.headers);
      if (side !== 'legacy' && route) target = this.upstreams.get(route.target!);
    } catch (err) {
      // An upstream the registry no longer knows, say: one request's 502, never the process.
      this.exchanges.gatewayError(call, err);
      return;
    }
    if (side === 'legacy' || !target || !match || !route) {
      this.pass.serve(call);
      return;
    }
    if (match.route.rewrite) call.targetUrl = rewritten(call.url, match.route.rewrite);
    void this.dispatch(call, route, target, side);
  }

  /** No failure of one request may escape as an unhandled rejection: it becomes a 502. */
  private async dispatch(
    call: Call,
    route: RouteConfig,
    target: Upstream,
    side: Exclude<ServingSide, 'legacy'>,
  ): Promise<void> {
    try {
      if (side === 'legacy-with-copy') await this.shadow.serve(call, route, target);
      else await this.failOpen.serve(call, route, target);
    } catch (err) {
      this.exchanges.gatewayError(call, err);
    }
  }

  /**
   * Refuses a chunked body as soon as a chunk size says it is over the limit (http/chunk-sizes.ts): at
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
   * Normalises the request target into `call` when it needs it (http/request-target.ts), and takes an
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

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
    const id = requestIdFor(req.headers);
    const headers = upstreamHeaders(req, id, traceparentFor(req.headers));
    let url = req.url ?? '/';
    let matchPath = url;
    let refusal = requestRefusal(req, headers, this.limits.maxHeaderCount);
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
    if (!upgradeAllowed(req.headers.upgrade, match?.route.upgrades ?? DEFAULT_UPGRADES)) {
      this.serveWithoutUpgrade(req, socket, id);
      return;
    }
    this.upgrades.open({ req, socket, head, id, headers, url, match });
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
}
