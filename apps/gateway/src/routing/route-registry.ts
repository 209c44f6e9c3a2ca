import { isDeepStrictEqual } from 'node:util';
import { FicusError, type Logger } from '@ficus/core';
import type { RouteInstruments } from '../metrics/route-instruments';
import {
  ROUTE_MODES,
  routeSchema,
  type GatewayConfig,
  type RouteConfig,
  type RouteMode,
} from '../config/config.schema';
import { routeKey } from './route-key';
import { routeProblems } from './route-rules';
import { RouteTable } from './route-table';

export interface ModeSetting {
  mode: RouteMode;
  /** Canary share 0-100; kept as it was when omitted. */
  weight?: number;
}

/** A route as the control plane shows it: its live config and the mode a rollback returns to. */
export interface RouteView {
  name: string;
  config: RouteConfig;
  mode: RouteMode;
  weight: number;
  previousMode: RouteMode;
  previousWeight: number;
}

export interface RouteChange {
  route: string;
  before: RouteConfig | null;
  after: RouteConfig | null;
  actor: string;
  reason: string;
  at: Date;
}

/** What one request reads, once: never mutated, replaced whole on every change. */
export interface RoutingSnapshot {
  readonly version: number;
  readonly table: RouteTable;
  readonly routes: ReadonlyMap<string, RouteConfig>;
}

export interface RouteRegistryOptions {
  log?: Logger;
  /** Binds each route's metric children into the snapshot, off the request path (GatewayMetrics). */
  metrics?: { forRoute(route: string): RouteInstruments };
}

interface PastMode {
  mode: RouteMode;
  weight: number;
}

/** Enough undo depth for legacy → shadow → canary → new → retired and back. */
const HISTORY_DEPTH = 16;

function invalid(message: string): FicusError {
  return new FicusError('FICUS_ROUTE_INVALID', message);
}

/**
 * The live route set. Changes build a new immutable snapshot and swap it in one assignment, so a
 * request in flight finishes with the routes it started with. Each route keeps a stack of the modes
 * it left: "roll back" returns it to the last one, and a change back to that mode pops it.
 */
export class RouteRegistry {
  private routes: RouteConfig[];
  private current: RoutingSnapshot;
  private readonly history = new Map<string, PastMode[]>();
  private readonly listeners = new Set<(change: RouteChange) => void>();

  private readonly log: Logger | undefined;
  private readonly metrics: RouteRegistryOptions['metrics'];

  constructor(
    readonly config: GatewayConfig,
    options: RouteRegistryOptions = {},
  ) {
    this.log = options.log;
    this.metrics = options.metrics;
    this.routes = [...config.routes];
    this.current = this.build(1);
  }

  snapshot(): RoutingSnapshot {
    return this.current;
  }

  get(name: string): RouteConfig | undefined {
    return this.current.routes.get(name);
  }

  list(): RouteView[] {
    return this.routes.map((config) => {
      const previous = this.previousOf(config.name);
      return {
        name: config.name,
        config,
        mode: config.mode,
        weight: config.weight,
        previousMode: previous.mode,
        previousWeight: previous.weight,
      };
    });
  }

  setMode(name: string, setting: ModeSetting, actor: string, reason: string): RouteChange {
    const index = this.routes.findIndex((r) => r.name === name);
    const before = this.routes[index];
    if (!before) {
      throw new FicusError(
        'FICUS_ROUTE_UNKNOWN',
        `no route is named "${name}"; known routes: ${this.routes.map((r) => r.name).join(', ') || '(none)'}`,
      );
    }
    if (!(ROUTE_MODES as readonly string[]).includes(setting.mode)) {
      throw invalid(
        `"${String(setting.mode)}" is not a mode; use one of ${ROUTE_MODES.join(', ')}`,
      );
    }
    const after: RouteConfig = {
      ...before,
      mode: setting.mode,
      weight: setting.weight ?? before.weight,
    };
    const problems = routeProblems(after, this.config);
    if (problems.length) {
      throw invalid(`route "${name}": ${problems.map((p) => p.message).join('; ')}`);
    }
    this.remember(before, after);
    this.routes = this.routes.map((r, i) => (i === index ? after : r));
    this.current = this.build(this.current.version + 1);
    const change = { route: name, before, after, actor, reason, at: new Date() };
    this.emit(change);
    return change;
  }

  /** Returns a route to the mode it was in before its last change. */
  rollback(name: string, actor: string, reason: string): RouteChange {
    const previous = this.previousOf(name);
    return this.setMode(name, previous, actor, reason);
  }

  /** Replaces the whole route set (a sync from the shared control store); emits one change per route. */
  replaceAll(routes: RouteConfig[], actor: string, reason: string): RouteChange[] {
    const next = this.validateAll(routes);
    const old = new Map(this.routes.map((r) => [r.name, r]));
    const at = new Date();
    const changes: RouteChange[] = [];
    for (const after of next) {
      const before = old.get(after.name) ?? null;
      old.delete(after.name);
      if (before && isDeepStrictEqual(before, after)) continue;
      if (before) this.remember(before, after);
      changes.push({ route: after.name, before, after, actor, reason, at });
    }
    for (const before of old.values()) {
      this.history.delete(before.name);
      changes.push({ route: before.name, before, after: null, actor, reason, at });
    }
    if (changes.length === 0) return changes;
    this.routes = next;
    this.current = this.build(this.current.version + 1);
    for (const change of changes) this.emit(change);
    return changes;
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  onChange(listener: (change: RouteChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private previousOf(name: string): PastMode {
    const top = this.history.get(name)?.at(-1);
    return top ?? { mode: 'legacy', weight: 0 };
  }

  private remember(before: RouteConfig, after: RouteConfig): void {
    if (before.mode === after.mode) return;
    const stack = this.history.get(before.name) ?? [];
    if (stack.at(-1)?.mode === after.mode) stack.pop();
    else stack.push({ mode: before.mode, weight: before.weight });
    if (stack.length > HISTORY_DEPTH) stack.shift();
    this.history.set(before.name, stack);
  }

  private validateAll(routes: RouteConfig[]): RouteConfig[] {
    const problems: string[] = [];
    const names = new Set<string>();
    const keys = new Map<string, string>();
    const parsed = routes.map((raw, i) => {
      const result = routeSchema.safeParse(raw);
      if (!result.success) {
        problems.push(
          `routes[${i}]: ${result.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
        );
        return raw;
      }
      const route = result.data;
      if (names.has(route.name)) problems.push(`route name "${route.name}" is used twice`);
      names.add(route.name);
      for (const key of routeKey(route)) {
        const other = keys.get(key);
        if (other !== undefined && other !== route.name)
          problems.push(`routes "${other}" and "${route.name}" both claim "${key}"`);
        keys.set(key, route.name);
      }
      for (const p of routeProblems(route, this.config))
        problems.push(`route "${route.name}" ${p.field}: ${p.message}`);
      return route;
    });
    if (problems.length) throw invalid(`the route set was not applied: ${problems.join('; ')}`);
    return parsed;
  }

  private build(version: number): RoutingSnapshot {
    const metrics = this.metrics;
    return Object.freeze({
      version,
      table: new RouteTable(
        this.routes,
        this.config,
        metrics && ((name) => metrics.forRoute(name)),
      ),
      routes: new Map(this.routes.map((r) => [r.name, r])),
    });
  }

  private emit(change: RouteChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        // A failing subscriber (audit, metrics) must not undo or block a routing change.
        this.log?.error(
          { route: change.route, err: (err as Error).message },
          'route change listener failed',
        );
      }
    }
  }
}
