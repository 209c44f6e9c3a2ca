import type { RouteConfig } from '../config/config.schema';
import type { Upstream } from '../http/upstream-pool';
import type { ParityTracker } from '../parity/parity-tracker';
import type { Call } from '../proxy/call';
import type { Exchanges } from '../proxy/exchanges';
import { whyNotCopied, whyNotSent } from './shadow-decision';
import { DEFAULT_PARITY_BODY_BYTES, type ShadowRunner } from './shadow-runner';

const DEFAULT_SHADOW_BODY_BYTES = 64 * 1024;

/**
 * Legacy answers the client; a copy of the request goes to the target afterwards and the two
 * answers are compared (shadow-runner.ts). Whether a request is copied, and why not, is
 * shadow-decision.ts's; a request left out is served like any legacy request, with no body copy.
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
}
