import type { GatewayConfig, RouteConfig } from '../config/config.schema';
import type { GateSet } from '../config/gates.schema';
import { gateStepsFor } from './gates';

/** What the gateway knows of something a route target reports: its reading, or why it is not known. */
export type TargetReading<K extends { state: 'known' }> = K | { state: 'unknown'; why: string };

export interface TargetWatchOptions {
  intervalMs: number;
  timeoutMs: number;
}

const DEFAULTS: TargetWatchOptions = { intervalMs: 15_000, timeoutMs: 2_000 };

/** Which report a watch reads, which gates need it, and how its body becomes a reading. */
export interface TargetReport<K extends { state: 'known' }> {
  /** GET <target><path>. */
  path: string;
  /** Only targets of routes whose gates need the report are asked: others may not serve the path. */
  needed: (set: GateSet) => boolean;
  /** The reading, or why the body is not such a report. */
  parse: (body: unknown) => K | string;
}

/**
 * Reads a report (reconciliation, sync status) from each upstream that a gated route targets, in
 * the background (the admin API's status stays synchronous) and on demand before a gated move. A
 * target that does not answer in time, answers an error or something other than the report is
 * unknown, with the reason; never a pass.
 */
export class TargetWatch<K extends { state: 'known' }> {
  private readonly readings = new Map<string, TargetReading<K>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly options: TargetWatchOptions;

  constructor(
    private readonly config: () => GatewayConfig,
    private readonly report: TargetReport<K>,
    options: Partial<TargetWatchOptions> = {},
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
  of(route: RouteConfig): TargetReading<K> {
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

  private gated(route: RouteConfig): boolean {
    const steps = gateStepsFor(this.config().gates, route);
    return (
      steps !== undefined && Object.values(steps).some((set) => set && this.report.needed(set))
    );
  }

  private async read(target: string): Promise<void> {
    this.readings.set(target, await this.fetchReading(target));
  }

  private async fetchReading(target: string): Promise<TargetReading<K>> {
    const { path } = this.report;
    const upstream = this.config().upstreams[target];
    if (!upstream) return { state: 'unknown', why: `upstream "${target}" is not defined` };
    const url = `${upstream.url.replace(/\/+$/, '')}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (err) {
      const why =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : 'unreachable';
      return { state: 'unknown', why: `${path} of "${target}": ${why}` };
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const code = (body as { code?: unknown } | null)?.code;
      return {
        state: 'unknown',
        why: `${path} of "${target}" answered ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`,
      };
    }
    const reading = this.report.parse(body ?? {});
    return typeof reading === 'string'
      ? { state: 'unknown', why: `${path} of "${target}" ${reading}` }
      : reading;
  }
}
