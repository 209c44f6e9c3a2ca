import { ForwardError, type ExchangeHandler } from '../http/forwarder';
import { passOn } from '../http/relay';
import type { Upstream } from '../http/upstream-pool';
import { answerHeaders } from '../proxy/answers';
import type { Call } from '../proxy/call';
import type { Exchanges } from '../proxy/exchanges';

/**
 * Legacy answers and nothing waits on the outcome: unmatched requests, legacy routes, the bulk of
 * traffic during a migration. The exchange's events drive it through the shared `passing` handler,
 * with no promise on the way.
 */
export class Pass {
  private readonly passing: ExchangeHandler<Call> = {
    responded: (call, res) => {
      call.side = 'legacy';
      try {
        passOn(res, call.res, answerHeaders(call, 'legacy'));
      } catch (err) {
        res.destroy();
        this.exchanges.failed(
          call,
          this.legacy,
          'legacy',
          new ForwardError('reset', this.legacy.name, err),
        );
      }
    },
    failed: (call, failure) => this.exchanges.failed(call, this.legacy, 'legacy', failure),
  };

  constructor(
    private readonly exchanges: Exchanges,
    private readonly legacy: Upstream,
  ) {}

  serve(call: Call): void {
    try {
      this.exchanges.forward(call, this.legacy, 'legacy', this.passing);
    } catch (err) {
      this.exchanges.gatewayError(call, err);
    }
  }
}
