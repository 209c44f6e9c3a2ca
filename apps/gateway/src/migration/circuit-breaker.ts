import type { CircuitConfig } from '../config/config.schema';
import type { CircuitStateName } from '../metrics/gateway-metrics';

/**
 * A circuit breaker for one upstream (the pattern from Nygard's "Release It!"). Closed: requests
 * flow, outcomes are counted. Open (after `consecutiveFailures` failures in a row, or an error ratio
 * of at least `errorRatio` over the last `windowRequests` outcomes once `minRequests` are in):
 * nothing is sent until `coolDownMs` passes. Half-open: one probe goes through; its success closes
 * the circuit, its failure opens it again for another cool-down.
 */
export class CircuitBreaker {
  private state: CircuitStateName = 'closed';
  private consecutive = 0;
  private openedAt = 0;
  private probing = false;
  /** Ring of the last outcomes (true = failure), for the error ratio. */
  private readonly ring: Uint8Array;
  private ringNext = 0;
  private ringCount = 0;
  private ringFailures = 0;

  constructor(
    private readonly config: CircuitConfig,
    private readonly onState: (state: CircuitStateName) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.ring = new Uint8Array(config.windowRequests);
  }

  get current(): CircuitStateName {
    return this.state;
  }

  /** Whether to send a request now; in half-open, true reserves the single probe. */
  allow(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.config.coolDownMs) return false;
      this.move('half-open');
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.consecutive = 0;
    this.push(false);
    if (this.state === 'half-open') {
      this.probing = false;
      this.resetRing();
      this.move('closed');
    }
  }

  failure(): void {
    this.consecutive++;
    this.push(true);
    if (this.state === 'half-open') {
      this.probing = false;
      this.open();
      return;
    }
    if (this.state !== 'closed') return;
    const ratioTripped =
      this.ringCount >= this.config.minRequests &&
      this.ringFailures / this.ringCount >= this.config.errorRatio;
    if (this.consecutive >= this.config.consecutiveFailures || ratioTripped) this.open();
  }

  /** A request that was allowed but never reached the upstream (client gone) frees the probe. */
  abandon(): void {
    this.probing = false;
  }

  private open(): void {
    this.openedAt = this.now();
    this.consecutive = 0;
    this.resetRing();
    this.move('open');
  }

  private push(failed: boolean): void {
    if (this.ringCount === this.ring.length) this.ringFailures -= this.ring[this.ringNext]!;
    else this.ringCount++;
    this.ring[this.ringNext] = failed ? 1 : 0;
    this.ringFailures += failed ? 1 : 0;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
  }

  private resetRing(): void {
    this.ring.fill(0);
    this.ringNext = 0;
    this.ringCount = 0;
    this.ringFailures = 0;
  }

  private move(state: CircuitStateName): void {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }
}
