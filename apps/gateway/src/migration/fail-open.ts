import type { Logger } from '@ficus/core';
import type { FailOpenConfig, RouteConfig } from '../config/config.schema';
import { readBody } from '../http/body-tap';
import { declaredLength, hasBody } from '../http/smuggling';
import type { Upstream, UpstreamPool } from '../http/upstream-pool';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { answer } from '../proxy/answers';
import { NO_BODY, type Call } from '../proxy/call';
import type { Exchanges } from '../proxy/exchanges';
import type { AutoRollback } from '../rollback/auto-rollback';
import { CircuitBreaker } from './circuit-breaker';

/** Methods whose repetition has the effect of one request (RFC 9110 §9.2.2): safe to replay. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const DEFAULT_FAIL_OPEN: FailOpenConfig = { enabled: true, maxBodyBytes: 64 * 1024 };

/** One circuit breaker per upstream other than legacy, its state in metrics and the log. */
export function circuitBreakers(
  upstreams: UpstreamPool,
  legacy: string,
  metrics: GatewayMetrics,
  log: Logger,
): Map<string, CircuitBreaker> {
  const breakers = new Map<string, CircuitBreaker>();
  for (const upstream of upstreams.all()) {
    if (upstream.name === legacy) continue;
    metrics.setCircuitState(upstream.name, 'closed');
    const onState = (state: 'closed' | 'open' | 'half-open') => {
      metrics.setCircuitState(upstream.name, state);
      log.warn({ upstream: upstream.name, state }, 'circuit breaker changed state');
    };
    breakers.set(upstream.name, new CircuitBreaker(upstream.config.circuit, onState));
  }
  return breakers;
}

/**
 * The new service answers, and legacy stands in when it cannot. Requests with a small body are
 * buffered: an idempotent one is replayed to legacy after a refused connection, a timeout or a 5xx
 * (fail-open), and any one after the service's "no such route" (http/unrouted.ts), which ran no
 * code; anything else is streamed and never replayed. An open circuit sends straight to
 * legacy, which is not a replay: the service never saw the request.
 */
export class FailOpen {
  constructor(
    private readonly exchanges: Exchanges,
    private readonly legacy: Upstream,
    private readonly breakers: ReadonlyMap<string, CircuitBreaker>,
    private readonly rollback: AutoRollback,
  ) {}

  /** Whether an upgrade may go to `target`: a tunnel cannot be replayed, so only a closed circuit. */
  admitsUpgrade(target: Upstream): boolean {
    const breaker = this.breakers.get(target.name);
    return !breaker || breaker.current === 'closed';
  }

  async serve(call: Call, route: RouteConfig, target: Upstream): Promise<void> {
    const breaker = this.breakers.get(target.name);
    const failOpen = route.failOpen ?? DEFAULT_FAIL_OPEN;
    if (breaker && !breaker.allow()) {
      call.instruments.upstreamError('new', 'circuit_open');
      if (!failOpen.enabled) {
        answer(call, {
          status: 503,
          code: 'FICUS_CIRCUIT_OPEN',
          title: 'Service unavailable',
          detail: `upstream "${target.name}" is failing and its circuit is open; fail-open is disabled for route "${route.name}"`,
        });
        return;
      }
      call.instruments.failedOpen('circuit_open');
      call.failedOpen = true;
      await this.exchanges.stream(call, this.legacy, 'legacy');
      return;
    }
    // A body small enough is kept whatever the method: a target's "no such route" did nothing,
    // so even a POST may then go to legacy (http/unrouted.ts).
    const kept =
      failOpen.enabled &&
      (declaredLength(call.req) ?? (hasBody(call.req) ? Infinity : 0)) <= failOpen.maxBodyBytes;
    const replayable = kept && IDEMPOTENT.has(call.method);
    let body: Buffer | undefined;
    if (kept && hasBody(call.req)) {
      try {
        body = await readBody(call.req, failOpen.maxBodyBytes);
      } catch {
        breaker?.abandon();
        call.res.destroy();
        return;
      }
    }
    const result = await this.exchanges.stream(call, target, 'new', {
      body,
      holdBack5xx: replayable,
      holdBackUnrouted: kept,
    });
    if (call.clientGone) {
      breaker?.abandon();
      return;
    }
    if (result.unrouted) {
      // The target is up and answered; it only lacks the endpoint. Not its failure: the gate
      // allPathsServed (progress-gates.ts) holds the route instead.
      breaker?.success();
      call.unrouted = true;
      if (!kept) return;
      call.instruments.failedOpen('unrouted');
      await this.exchanges.stream(call, this.legacy, 'legacy', { body: body ?? NO_BODY });
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
    call.failedOpen = true;
    await this.exchanges.stream(call, this.legacy, 'legacy', { body: body ?? NO_BODY });
  }
}
