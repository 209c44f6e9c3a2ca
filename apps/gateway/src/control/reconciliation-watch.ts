import type { GatewayConfig, RouteConfig } from '../config/config.schema';
import type { ReconciliationReading } from './reconciliation-reading';

export const RECONCILIATION_PATH = '/sync/reconciliation';

export interface ReconciliationWatchOptions {
  intervalMs: number;
  timeoutMs: number;
}

const DEFAULTS: ReconciliationWatchOptions = { intervalMs: 15_000, timeoutMs: 2_000 };

/**
 * Reads the last reconciliation report of each upstream that a route gated by
 * `reconciliationClean` targets, in the background (the admin API's status stays synchronous) and
 * on demand before a gated move. A target that does not answer in time, answers an error or
 * something other than a report is unknown, with the reason; never clean.
 */
export class ReconciliationWatch {
  private readonly readings = new Map<string, ReconciliationReading>();
  private timer: NodeJS.Timeout | undefined;
  private readonly options: ReconciliationWatchOptions;

  constructor(
    private readonly config: () => GatewayConfig,
    options: Partial<ReconciliationWatchOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The last reading for the route's target; unknown until one is taken. */
  of(route: RouteConfig): ReconciliationReading {
    if (route.target === undefined) return { state: 'unknown', why: 'the route has no target' };
    return (
      this.readings.get(route.target) ?? {
        state: 'unknown',
        why: `upstream "${route.target}" has not been read yet`,
      }
    );
  }

  /** Reads a gated route's target now: a move is judged on the newest report. */
  async refresh(route: RouteConfig): Promise<void> {
    if (route.target !== undefined && this.gated(route)) await this.read(route.target);
  }

  private async pollAll(): Promise<void> {
    const targets = new Set<string>();
    for (const route of this.config().routes) {
      if (route.target !== undefined && this.gated(route)) targets.add(route.target);
    }
    await Promise.all([...targets].map((target) => this.read(target)));
  }

  /** Only targets a `reconciliationClean` gate needs are asked: others may not serve the path. */
  private gated(route: RouteConfig): boolean {
    const { gates } = this.config();
    const steps = gates[route.name] ?? (route.group === undefined ? undefined : gates[route.group]);
    return steps !== undefined && Object.values(steps).some((set) => set?.reconciliationClean);
  }

  private async read(target: string): Promise<void> {
    this.readings.set(target, await this.fetchReading(target));
  }

  private async fetchReading(target: string): Promise<ReconciliationReading> {
    const upstream = this.config().upstreams[target];
    if (!upstream) return { state: 'unknown', why: `upstream "${target}" is not defined` };
    const url = `${upstream.url.replace(/\/+$/, '')}${RECONCILIATION_PATH}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (err) {
      const why =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : 'unreachable';
      return { state: 'unknown', why: `${RECONCILIATION_PATH} of "${target}": ${why}` };
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const code = (body as { code?: unknown } | null)?.code;
      return {
        state: 'unknown',
        why: `${RECONCILIATION_PATH} of "${target}" answered ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`,
      };
    }
    const report = (body ?? {}) as { clean?: unknown; remaining?: unknown; finishedAt?: unknown };
    if (
      typeof report.clean !== 'boolean' ||
      typeof report.remaining !== 'number' ||
      typeof report.finishedAt !== 'string'
    ) {
      return {
        state: 'unknown',
        why: `${RECONCILIATION_PATH} of "${target}" is not a reconciliation report`,
      };
    }
    return {
      state: 'known',
      clean: report.clean,
      remaining: report.remaining,
      finishedAt: report.finishedAt,
    };
  }
}
