import type { IncomingMessage } from 'node:http';
import type { Logger } from '@ficus/core';
import type { LimitsConfig } from '../config/config.schema';
import { BodyTap } from '../http/body-tap';
import {
  ForwardError,
  type ExchangeHandler,
  type Forwarder,
  type Outbound,
} from '../http/forwarder';
import { tooLarge, upstreamProblem } from '../http/refusals';
import { relay } from '../http/relay';
import { withHeader } from '../http/request-headers';
import { hasBody } from '../http/smuggling';
import { isUnrouted } from '../http/unrouted';
import type { Upstream } from '../http/upstream-pool';
import type { Side } from '../metrics/gateway-metrics';
import { answer, answerHeaders } from './answers';
import { NO_BODY, type Call } from './call';

export interface Streamed {
  ok: boolean;
  status: number;
  /** Time to the upstream's response head. */
  ms: number;
  failure?: ForwardError;
  /** The request body copy: empty without a body, undefined when it was too large to copy. */
  requestBody: Buffer | undefined;
  response?: { status: number; headers: IncomingMessage['headers']; body: Buffer | undefined };
  /** The upstream answered "no such route" (x-ficus-unrouted); with holdBackUnrouted, not relayed. */
  unrouted?: boolean;
}

export interface StreamOptions {
  body?: Buffer | undefined;
  copy?: { request: number; response: number };
  holdBack5xx?: boolean;
  /** Do not relay a "no such route" answer: the caller sends the request to legacy. */
  holdBackUnrouted?: boolean;
}

const NO_OPTIONS: StreamOptions = {};

/**
 * A call's exchanges with upstreams, whichever side serves it: the request body through a tap that
 * enforces the size limit, the response relayed with the gateway's headers, and what a failure is
 * answered with.
 */
export class Exchanges {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly limits: LimitsConfig,
    private readonly log: Logger,
  ) {}

  /**
   * Starts an exchange settled through `handler` (no promise on the way): the client's body, if
   * any, streams through a tap that enforces the size limit.
   */
  forward(call: Call, upstream: Upstream, side: Side, handler: ExchangeHandler<Call>): void {
    const body = this.tapBody(call, 0);
    call.current = this.forwarder.forward(this.outbound(call, upstream, body, side), handler, call);
  }

  /**
   * One exchange with an upstream, its response relayed to the client. With `body` the request
   * body is that buffer (a replay); otherwise the client's body streams through a tap that
   * enforces the size limit and, with `copy`, keeps bounded copies of the request and response.
   * With `holdBack5xx` a 5xx or a failure is not answered: the caller fails open.
   */
  async stream(
    call: Call,
    upstream: Upstream,
    side: Side,
    opts: StreamOptions = NO_OPTIONS,
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
      const unrouted = isUnrouted(status, res.headers);
      if (unrouted && opts.holdBackUnrouted) {
        res.resume();
        return { ok: true, status, ms, requestBody, unrouted };
      }
      call.side = side;
      const relayed = await relay(res, call.res, answerHeaders(call, side), opts.copy?.response);
      return {
        ok: true,
        status,
        ms,
        requestBody: tap ? tap.copy() : requestBody,
        // A response cut half-way is no answer to compare.
        response: relayed.failed ? undefined : { status, headers: res.headers, body: relayed.copy },
        unrouted,
      };
    } catch (err) {
      const ms = performance.now() - sentAt;
      const failure =
        err instanceof ForwardError ? err : new ForwardError('reset', upstream.name, err);
      if (!opts.holdBack5xx) this.failed(call, upstream, side, failure);
      else if (tap?.limitExceeded) answer(call, tooLarge(this.limits.maxBodyBytes), true);
      else if (tap?.refusal) answer(call, tap.refusal, true);
      return { ok: false, status: 0, ms, failure, requestBody };
    }
  }

  /** An exchange failed before its answer was relayed: the body was too large, or the upstream failed. */
  failed(call: Call, upstream: Upstream, side: Side, failure: ForwardError): void {
    if (call.tap?.limitExceeded) answer(call, tooLarge(this.limits.maxBodyBytes), true);
    else if (call.tap?.refusal) answer(call, call.tap.refusal, true);
    else if (!call.clientGone) this.upstreamFailed(call, upstream, side, failure);
  }

  /** Anything else that went wrong with a request: a 502, never the process. */
  gatewayError(call: Call, err: unknown): void {
    this.log.error({ route: call.route?.name, err: (err as Error).message }, 'request failed');
    answer(call, { status: 502, code: 'FICUS_GATEWAY_ERROR', title: 'Gateway error' });
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
    // The new side's failures are counted by fail-open, which also decides on a replay.
    if (side === 'legacy') call.instruments.upstreamError('legacy', failure.kind);
    answer(
      call,
      upstreamProblem(failure.kind, failure.message.replace(/^FICUS_UPSTREAM_[A-Z]+: /, '')),
      false,
      side,
    );
  }

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
}
