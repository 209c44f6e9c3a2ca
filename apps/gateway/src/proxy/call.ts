import type {
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { RouteConfig } from '../config/config.schema';
import type { BodyTap } from '../http/body-tap';
import { upstreamHeaders } from '../http/request-headers';
import { traceparentFor } from '../http/trace-context';
import type { Side } from '../metrics/gateway-metrics';
import type { RouteInstruments } from '../metrics/route-instruments';
import { UNMATCHED_ROUTE } from '../metrics/gateway-metrics';
import type { ProgressTracker } from '../progress/progress-tracker';

const kCall = Symbol('ficus.call');

type WithCall = ServerResponse & { [kCall]?: Call };

/** One client request on its way through the gateway. */
export class Call {
  readonly method: string;
  readonly started = performance.now();
  route: RouteConfig | undefined = undefined;
  /** Who is answering; read when the response ends, for metrics. */
  side: Side = 'gateway';
  /** Headers for the upstream (hop-by-hop removed, forwarding, trace and id headers set). */
  headers: OutgoingHttpHeaders;
  /** The normalised target (see http/request-target.ts): what legacy is sent. */
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
  /** The target answered "no such route" (x-ficus-unrouted): counted by the progress tracker. */
  unrouted = false;
  /** The target failed and legacy answered instead. */
  failedOpen = false;
  /** Where the answered request is counted per endpoint, when the gateway keeps progress. */
  progress: ProgressTracker | undefined = undefined;

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
    this.progress?.record({
      route: this.route?.name ?? UNMATCHED_ROUTE,
      pattern: this.route?.path,
      method: this.method,
      path: this.matchPath,
      side: this.side,
      unrouted: this.unrouted,
      failedOpen: this.failedOpen,
    });
  }
}

/** Shared by every response (a closure per request would be garbage at this rate). */
function onCallClosed(this: WithCall): void {
  this[kCall]?.closed();
}

/** The request body of a request without one, shared. */
export const NO_BODY = Buffer.alloc(0);
