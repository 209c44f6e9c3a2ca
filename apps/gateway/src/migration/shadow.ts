import type { RouteConfig } from '../config/config.schema';
import type { Upstream } from '../http/upstream-pool';
import type { ParityTracker } from '../parity/parity-tracker';
import type { Call } from '../proxy/call';
import { readBody } from '../http/body-tap';
import { declaredLength, hasBody } from '../http/smuggling';
import { NO_BODY } from '../proxy/call';
import type { Exchanges } from '../proxy/exchanges';
import { SAFE_METHODS, whyNotCopied, whyNotSent } from './shadow-decision';
import { DEFAULT_PARITY_BODY_BYTES, type ShadowRunner } from './shadow-runner';

const DEFAULT_SHADOW_BODY_BYTES = 64 * 1024;

/**
 * Legacy answers the client; a copy of the request goes to the target and the two answers are
 * compared (shadow-runner.ts). A safe request's copy goes afterwards, costing the client nothing.
 * A write's dry-run copy goes first (shadow.writesFirst): the target decides it on the rows
 * legacy's write will find, not on rows that already hold that write. Whether a request is copied,
 * and why not, is shadow-decision.ts's; a request left out is served like any legacy request,
 * with no body copy.
 */
export class Shadow {
  constructor(
    private readonly exchanges: Exchanges,
    private readonly legacy: Upstream,
    private readonly runner: ShadowRunner,
    private readonly parity: ParityTracker,
  ) {}

  async serve(call: Call, route: RouteConfig, target: Upstream): Promise<void> {
    const notCopied = whyNotCopied(route, call.method, this.runner);
    if (notCopied) {
      this.parity.skip(route.name, notCopied, call.instruments);
      await this.exchanges.stream(call, this.legacy, 'legacy');
      return;
    }
    if (!SAFE_METHODS.has(call.method) && route.shadow?.writesFirst !== false) {
      await this.decideFirst(call, route, target);
      return;
    }
    const copy = {
      request: route.shadow?.maxBodyBytes ?? DEFAULT_SHADOW_BODY_BYTES,
      response: route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES,
    };
    const result = await this.exchanges.stream(call, this.legacy, 'legacy', { copy });
    const notSent = whyNotSent(result, call.clientGone, this.runner);
    if (notSent) {
      this.parity.skip(route.name, notSent, call.instruments);
      return;
    }
    this.runner.run({
      route,
      instruments: call.instruments,
      target,
      legacy: this.legacy,
      method: call.method,
      url: call.url,
      targetUrl: call.targetUrl,
      headers: call.headers,
      body: result.requestBody!,
      legacyResponse: result.response!,
    });
  }

  /**
   * A write's body is read whole (its declared length fits shadow.maxBodyBytes), its dry run sent
   * to the target and waited for (ShadowRunner.first bounds the wait), and only then is the
   * request forwarded to legacy. A body too large, or chunked with no length to tell, is not
   * buffered: the request streams to legacy whole and the copy is skipped, counted.
   */
  private async decideFirst(call: Call, route: RouteConfig, target: Upstream): Promise<void> {
    const max = route.shadow?.maxBodyBytes ?? DEFAULT_SHADOW_BODY_BYTES;
    const size = hasBody(call.req) ? declaredLength(call.req) : 0;
    if (size === undefined || size > max) {
      this.parity.skip(route.name, 'request_too_large', call.instruments);
      await this.exchanges.stream(call, this.legacy, 'legacy');
      return;
    }
    let body: Buffer = NO_BODY;
    if (size > 0) {
      try {
        body = await readBody(call.req, max);
      } catch {
        // The client went away before its body was whole: nothing was sent anywhere.
        call.res.destroy();
        return;
      }
    }
    const copy = {
      route,
      instruments: call.instruments,
      target,
      method: call.method,
      targetUrl: call.targetUrl,
      headers: call.headers,
      body,
    };
    const first = await this.runner.first(copy);
    // A client that went away meanwhile gets no write on legacy either, as if it had left before
    // the gateway forwarded it.
    const legacy = call.clientGone
      ? undefined
      : await this.exchanges.stream(call, this.legacy, 'legacy', {
          body,
          copy: { request: 0, response: route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES },
        });
    if (!legacy?.ok || call.clientGone || !legacy.response) {
      this.parity.skip(route.name, 'legacy_failed', call.instruments);
      return;
    }
    this.runner.judge(
      { ...copy, legacy: this.legacy, url: call.url, legacyResponse: legacy.response },
      first,
    );
  }
}
