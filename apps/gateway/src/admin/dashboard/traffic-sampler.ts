import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ControlPlane } from '../../control/control-plane';
import { GatewayMetrics } from '../../metrics/gateway-metrics';
import { TrafficHistory, type AnsweredTotals, type TrafficPoint } from './traffic-history';

/** Ten-second intervals over fifteen minutes: enough to watch a canary step, 90 points a route. */
export const TRAFFIC_INTERVAL_MS = 10_000;
export const TRAFFIC_INTERVALS = 90;

/** Samples the routes' per-side counters into the traffic history while the admin API runs. */
@Injectable()
export class TrafficSampler implements OnModuleDestroy {
  private readonly history: TrafficHistory;
  private readonly timer: NodeJS.Timeout;

  constructor(
    @Inject(ControlPlane) private readonly control: ControlPlane,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {
    this.history = new TrafficHistory(
      TRAFFIC_INTERVAL_MS,
      TRAFFIC_INTERVALS,
      this.totals(),
      Date.now(),
    );
    this.timer = setInterval(
      () => this.history.sample(this.totals(), Date.now()),
      TRAFFIC_INTERVAL_MS,
    );
    // The history is for readers only: it never keeps the process alive.
    this.timer.unref();
  }

  series(): { at: number; routes: Map<string, TrafficPoint[]> } {
    const at = Date.now();
    return { at, routes: this.history.series(this.totals(), at) };
  }

  get intervalMs(): number {
    return this.history.intervalMs;
  }

  get windowMs(): number {
    return this.history.intervalMs * this.history.capacity;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private totals(): Map<string, AnsweredTotals> {
    const totals = new Map<string, AnsweredTotals>();
    for (const { view } of this.control.list()) {
      const route = this.metrics.forRoute(view.name);
      totals.set(view.name, {
        legacy: route.sideTotals('legacy').requests,
        new: route.sideTotals('new').requests,
        gateway: route.sideTotals('gateway').requests,
      });
    }
    return totals;
  }
}
