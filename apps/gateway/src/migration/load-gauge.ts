import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often the gauge reads Node's event-loop utilisation. */
const SAMPLE_MS = 100;

/**
 * How busy this process's event loop has been lately: Node's event-loop utilisation (the share of
 * wall time spent running callbacks rather than waiting for I/O) over the last 100 ms. Near 1 the
 * gateway is saturated and any extra work queues behind client requests.
 */
export class LoadGauge {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private current = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  get utilization(): number {
    return this.current;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const now = performance.eventLoopUtilization();
    this.current = performance.eventLoopUtilization(now, this.last).utilization;
    this.last = now;
  }
}

/** The share of shadow copies a busy gateway still makes: enough to keep parity figures alive. */
export const MIN_SHADOW_SHARE = 0.05;

/**
 * The share of eligible requests to copy at event-loop utilisation `utilization`: all of them up
 * to `yieldAbove`, then fewer in proportion, down to MIN_SHADOW_SHARE when saturated. A shadow
 * copy costs the gateway about as much CPU as the client's own exchange; past `yieldAbove` that
 * CPU would be taken from client requests, which the shadow mode promises not to delay.
 */
export function shadowShare(utilization: number, yieldAbove: number): number {
  if (utilization <= yieldAbove || yieldAbove >= 1) return 1;
  const over = (utilization - yieldAbove) / (1 - yieldAbove);
  return Math.max(MIN_SHADOW_SHARE, 1 - over);
}
