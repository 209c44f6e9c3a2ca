import type { RouteMode } from '../config/config.schema';
import type { RouteRegistry } from '../routing/route-registry';
import { byRoute, overall, type OverallProgress, type RouteProgress } from './progress-summary';
import type { ProgressTracker } from './progress-tracker';

export interface RouteProgressView extends RouteProgress {
  /** The live mode; null for `(unmatched)` and for a route no longer configured. */
  mode: RouteMode | null;
  weight: number;
}

export interface ProgressReport {
  at: Date;
  countingSince: Date;
  /** True when the counts are in the control database: every replica's, kept across restarts. */
  persistent: boolean;
  retireQuietForMs: number;
  maxEndpoints: number;
  overall: OverallProgress;
  routes: RouteProgressView[];
}

/** What GET /admin/progress, `ficus progress` and the dashboard show. */
export class ProgressView {
  constructor(
    private readonly tracker: ProgressTracker,
    private readonly registry: RouteRegistry,
    private readonly settings: { retireQuietForMs: number; maxEndpoints: number },
  ) {}

  /** Stores this gateway's counts and reads every replica's first. */
  async report(): Promise<ProgressReport> {
    await this.tracker.flush();
    const views = this.registry.list();
    const routes = byRoute(
      this.tracker.endpoints(),
      views.map((v) => v.name),
    ).map((r): RouteProgressView => {
      const view = views.find((v) => v.name === r.route);
      return { ...r, mode: view?.mode ?? null, weight: view?.weight ?? 0 };
    });
    return {
      at: new Date(),
      countingSince: this.tracker.countingSince(),
      persistent: this.tracker.persistent,
      retireQuietForMs: this.settings.retireQuietForMs,
      maxEndpoints: this.settings.maxEndpoints,
      overall: overall(routes),
      routes,
    };
  }
}
