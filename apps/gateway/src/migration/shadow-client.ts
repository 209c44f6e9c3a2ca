import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { CapturedResponse } from '../parity/response-compare';
import { CONNECT_CODES, ForwardError, type ForwardFailure } from '../http/forwarder';
import type { Upstream } from '../http/upstream-pool';

/** A buffered request copy: nobody waits for its answer but the comparison. */
export interface ShadowRequest {
  method: string;
  /** The normalised request target (path and query) for this upstream. */
  url: string;
  headers: OutgoingHttpHeaders;
  /** Marks the copy `x-ficus-shadow: 1`, asking the target for a dry run. */
  dryRun: boolean;
  /** The whole request body; empty for none. */
  body: Buffer;
  /** Response body bytes kept; a larger body is read to its end and reported as undefined. */
  maxBodyBytes: number;
}

/** As for client traffic (forwarder.ts), a connect attempt that outlasts timeoutMs is a timeout. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function classifyShadowError(err: Error): ForwardFailure {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  return CONNECT_CODES.has(code) ? 'connect' : 'reset';
}

/**
 * The copy's headers in the one pass undici needs anyway (it wants strings; Node's header objects
 * may hold numbers), with the dry-run mark added. Copied key by key (see withHeader in
 * request-headers.ts for why not a spread).
 */
function copyHeaders(request: ShadowRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in request.headers) {
    const value = request.headers[name];
    if (value === undefined) continue;
    out[name] = typeof value === 'number' ? String(value) : value;
  }
  if (request.dryRun) out['x-ficus-shadow'] = '1';
  return out;
}

/**
 * One copy in flight: undici's dispatch handler, the bounded capture of the answer and the promise
 * the shadow runner awaits, in one object (no closure per event).
 */
class CopyExchange implements Dispatcher.DispatchHandler {
  readonly done: Promise<CapturedResponse | ForwardError>;
  private settle!: (result: CapturedResponse | ForwardError) => void;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] | undefined = [];
  private bytes = 0;

  constructor(
    private readonly upstream: string,
    private readonly max: number,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  onRequestStart(): void {}

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    // 1xx answers are interim; the final head comes after them.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) this.chunks = undefined;
    else this.chunks?.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.chunks;
    const body = chunks && (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    this.settle({ status: this.status, headers: this.headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.settle(new ForwardError(classifyShadowError(err), this.upstream, err));
  }
}

/**
 * How shadow copies and noise samples leave the gateway: an undici pool per upstream. They are
 * buffered both ways and nobody streams them, which is what undici's dispatch does at about half
 * the CPU of an `http.request` (side by side against one local server: 60 against 110-120 ms of
 * client and server CPU per 1,000 requests); client traffic keeps going through the Forwarder
 * (http-proxy), the data plane's one forwarding seam. Each copy has
 * the upstream's timeout for its head and for any stall in its body; a failure settles the
 * exchange with a ForwardError, never a rejection.
 */
export class ShadowClient {
  private readonly pools = new Map<Upstream, Pool>();

  send(upstream: Upstream, request: ShadowRequest): Promise<CapturedResponse | ForwardError> {
    const exchange = new CopyExchange(upstream.name, request.maxBodyBytes);
    try {
      this.pool(upstream).dispatch(
        {
          origin: upstream.url.origin,
          path: upstream.basePath + request.url,
          method: request.method,
          headers: copyHeaders(request),
          body: request.body.length > 0 ? request.body : null,
          headersTimeout: upstream.timeoutMs,
          bodyTimeout: upstream.timeoutMs,
        },
        exchange,
      );
    } catch (err) {
      // undici refuses some requests before sending them (a target it cannot write, for one).
      exchange.onResponseError(undefined as never, err as Error);
    }
    return exchange.done;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }

  private pool(upstream: Upstream): Pool {
    let pool = this.pools.get(upstream);
    if (!pool) {
      pool = new Pool(upstream.url.origin, {
        connections: upstream.config.maxSockets,
        // undici's default is 10 s; a copy waits no longer for a connection than client traffic.
        connect: { timeout: upstream.timeoutMs },
      });
      this.pools.set(upstream, pool);
    }
    return pool;
  }
}
