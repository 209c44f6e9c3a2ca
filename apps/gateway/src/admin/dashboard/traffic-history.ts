/** Requests answered since start, by who answered: the cumulative counters a sample reads. */
export interface AnsweredTotals {
  legacy: number;
  new: number;
  gateway: number;
}

/** Requests answered in one interval, [start, end). */
export interface TrafficPoint extends AnsweredTotals {
  start: number;
  end: number;
}

interface RouteTrack {
  last: AnsweredTotals;
  points: TrafficPoint[];
}

const ZERO: AnsweredTotals = { legacy: 0, new: 0, gateway: 0 };

function minus(now: AnsweredTotals, was: AnsweredTotals): AnsweredTotals {
  // A counter never goes down; a route defined again after a reload starts a new one from zero.
  const d = (k: keyof AnsweredTotals) => (now[k] >= was[k] ? now[k] - was[k] : now[k]);
  return { legacy: d('legacy'), new: d('new'), gateway: d('gateway') };
}

/**
 * Who answered each route's requests over the last `capacity` intervals: the dashboard's traffic
 * split over time. Kept in memory from the cumulative per-side counters the data plane already
 * updates, so the request path does no extra work; a restart starts the history again, like
 * /metrics. Counts only: no path, id or body is kept.
 */
export class TrafficHistory {
  private readonly routes = new Map<string, RouteTrack>();
  private sampledAt: number;

  constructor(
    readonly intervalMs: number,
    readonly capacity: number,
    totals: ReadonlyMap<string, AnsweredTotals>,
    now: number,
  ) {
    this.sampledAt = now;
    for (const [route, t] of totals) this.routes.set(route, { last: { ...t }, points: [] });
  }

  /** Closes the current interval with the counters read at its end. */
  sample(totals: ReadonlyMap<string, AnsweredTotals>, now: number): void {
    for (const route of this.routes.keys()) if (!totals.has(route)) this.routes.delete(route);
    for (const [route, t] of totals) {
      const track = this.routes.get(route) ?? { last: ZERO, points: [] };
      track.points.push({ start: this.sampledAt, end: now, ...minus(t, track.last) });
      if (track.points.length > this.capacity)
        track.points.splice(0, track.points.length - this.capacity);
      track.last = { ...t };
      this.routes.set(route, track);
    }
    this.sampledAt = now;
  }

  /**
   * Each route's closed intervals, then the one still open up to `now`: a reader sees a request
   * as soon as it was answered, not at the next sample.
   */
  series(totals: ReadonlyMap<string, AnsweredTotals>, now: number): Map<string, TrafficPoint[]> {
    const out = new Map<string, TrafficPoint[]>();
    for (const [route, t] of totals) {
      const track = this.routes.get(route);
      const open = { start: this.sampledAt, end: now, ...minus(t, track?.last ?? ZERO) };
      out.set(route, [...(track?.points ?? []), open]);
    }
    return out;
  }
}
