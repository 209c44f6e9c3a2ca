import { isForward, type GateResult, type Placement } from '../control/gates';
import type { EndpointProgress } from './progress';
import { byRoute, span } from './progress-summary';
import type { ProgressTracker } from './progress-tracker';

/** Modes in which the target serves clients, so that its "no such route" sends them to legacy. */
const SERVING = new Set(['canary', 'new']);

/**
 * The gates every route has, declared or not, read from the strangling progress:
 * - `allPathsServed`: in canary or new, the target answered "no such route" (x-ficus-unrouted)
 *   for some of the route's requests in this step; no move forward until it serves them all.
 * - `legacyQuiet`: a move to retired needs `quietForMs` in which legacy served no request of the
 *   route (fail-opens and unrouted requests included), counted since `countingSince`.
 */
export class ProgressGates {
  constructor(
    private readonly tracker: ProgressTracker,
    private readonly quietForMs: number,
  ) {}

  /** Brings in the counts of other replicas (and stores this one's) before a move is judged. */
  refresh(): Promise<void> {
    return this.tracker.flush();
  }

  /** The built-in gates of a move; none for a move back. */
  forMove(route: string, from: Placement, to: Placement, since: Date, now: Date): GateResult[] {
    if (!isForward(from, to)) return [];
    const endpoints = this.of(route);
    const results = this.unrouted(endpoints, from, since);
    if (to.mode === 'retired') results.push(this.quiet(route, endpoints, from, now));
    return results;
  }

  /** What `status` shows: an unrouted step, and for a route in new, whether it may be retired. */
  forStatus(route: string, current: Placement, since: Date, now: Date): GateResult[] {
    const endpoints = this.of(route);
    const results = this.unrouted(endpoints, current, since);
    if (current.mode === 'new') results.push(this.quiet(route, endpoints, current, now));
    return results;
  }

  private of(route: string): EndpointProgress[] {
    return this.tracker.endpoints().filter((e) => e.route === route);
  }

  private unrouted(endpoints: EndpointProgress[], from: Placement, since: Date): GateResult[] {
    if (!SERVING.has(from.mode)) return [];
    const seen = endpoints.filter((e) => e.lastUnrouted !== null && e.lastUnrouted >= since);
    if (seen.length === 0) return [];
    const named = seen
      .map(
        (e) => `${e.method} ${e.template} (${e.unrouted}, last ${e.lastUnrouted!.toISOString()})`,
      )
      .join(', ');
    return [
      {
        gate: 'allPathsServed',
        step: from.mode,
        state: 'fail',
        figure: seen.length,
        threshold: 0,
        detail: `the target answered "no such route" in this step for ${named}; legacy served them. Deploy these endpoints on the target or narrow the route, then roll back and promote again`,
      },
    ];
  }

  private quiet(
    route: string,
    endpoints: EndpointProgress[],
    from: Placement,
    now: Date,
  ): GateResult {
    const window = this.quietForMs;
    const gate = (state: GateResult['state'], figure: number | null, detail: string) => ({
      gate: 'legacyQuiet',
      step: from.mode,
      state,
      figure,
      threshold: window,
      detail,
    });
    if (window === 0) return gate('pass', null, 'the check is off (progress.retireQuietFor: 0)');
    const [summary] = byRoute(endpoints, [route]);
    const last = summary?.lastLegacy ?? null;
    if (last) {
      const quiet = now.getTime() - last.getTime();
      const where = summary!.lastLegacyEndpoint!;
      if (quiet < window)
        return gate(
          'fail',
          quiet,
          `legacy served this route ${span(quiet)} ago (${last.toISOString()}, ${where.method} ${where.template}); retiring needs ${span(window)} with no request served by legacy, fail-opens included: not before ${new Date(last.getTime() + window).toISOString()}`,
        );
      return gate(
        'pass',
        quiet,
        `legacy last served this route ${span(quiet)} ago (${last.toISOString()}), more than ${span(window)}`,
      );
    }
    const since = this.tracker.countingSince();
    const counted = now.getTime() - since.getTime();
    if (counted < window) {
      const memory = this.tracker.persistent
        ? ''
        : ' The counts are kept in memory and start again at each restart (a control database keeps them).';
      return gate(
        'unknown',
        null,
        `legacy served no request of this route since counting began ${span(counted)} ago (${since.toISOString()}), less than the ${span(window)} window: it may have before.${memory} Wait, or move with force and a reason`,
      );
    }
    return gate(
      'pass',
      null,
      `legacy served no request of this route since counting began ${span(counted)} ago`,
    );
  }
}
