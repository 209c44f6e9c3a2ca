import { errorMessage, FicusError, type Logger } from '@ficus/core';
import type { RouteConfig, RouteMode } from '../config/config.schema';
import type { RouteChange, RouteRegistry, RouteView } from '../routing/route-registry';
import { routeProblems } from '../routing/route-rules';
import { routeUnknown } from './control-errors';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ControlStore,
  ModeChange,
  StoredRoute,
} from './control-store.port';
import { rollbackTarget, type LiveMode } from './rollback-target';
import { SerialQueue } from './serial-queue';
import { liveConfig } from './stored-route';

/** Actor of the registry changes this class makes when it applies the store's state. */
export const SYNC_ACTOR = 'control-sync';
/** Actor of the audit entries written while seeding the store from the config file. */
export const SEED_ACTOR = 'config-file';
const AUTO_ROLLBACK_ACTOR = 'auto-rollback';
/** Local changes landing during a load make it retry; past this many the next poll catches up. */
const LOAD_ATTEMPTS = 3;

/** A route as the admin API shows it: what this gateway serves, and where a rollback would go. */
export interface RouteState {
  view: RouteView;
  /** The store's record of the mode before the last change; null before the first change. */
  previous: LiveMode | null;
  rollbackTo: LiveMode | null;
}

export interface ModeRequest {
  mode: RouteMode;
  weight?: number;
}

export interface ModeResult {
  route: RouteState;
  /** Null when the route was already in the requested mode: nothing changed, nothing audited. */
  audit: AuditEntry | null;
}

/**
 * The control plane's one writer. Every live change (admin API, rollback) goes to the store first,
 * in one transaction with its audit entry, and only then reaches the RouteRegistry, by reloading
 * the store: a change that was not persisted is never served. Changes the data plane makes itself
 * (auto-rollback) are applied at once and persisted after, retried until the store takes them.
 * Polling the store's version brings every other replica's changes in.
 */
export class ControlPlane {
  private readonly queue = new SerialQueue();
  private readonly pending: RouteChange[] = [];
  private stored = new Map<string, StoredRoute>();
  private seenVersion = -1;
  private localChanges = 0;
  private applying = false;
  private syncError: FicusError | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly registry: RouteRegistry,
    readonly store: ControlStore,
    private readonly log: Logger,
  ) {}

  /** Migrates and seeds the store from the config file, then serves its live state. */
  async start(fileRoutes: readonly RouteConfig[]): Promise<void> {
    await this.store.migrate();
    const seeded = await this.store.seed(fileRoutes, SEED_ACTOR, (route) => this.accepts(route));
    if (seeded.length)
      this.log.info({ changes: seeded.length }, 'control store seeded from config');
    this.unsubscribe = this.registry.onChange((change) => this.onRegistryChange(change));
    if (!(await this.queue.run(() => this.load(true)))) {
      throw this.syncError ?? new FicusError('FICUS_CONTROL_SYNC_FAILED', 'could not load routes');
    }
  }

  get shared(): boolean {
    return this.store.shared;
  }

  /** Ready once the store's state is applied and the last sync with it succeeded. */
  readiness(): { ready: boolean; problem?: FicusError } {
    if (this.seenVersion < 0) return { ready: false };
    return this.syncError ? { ready: false, problem: this.syncError } : { ready: true };
  }

  list(): RouteState[] {
    return this.registry.list().map((view) => this.stateOf(view));
  }

  get(name: string): RouteState {
    const view = this.registry.list().find((v) => v.name === name);
    if (!view) throw routeUnknown(name);
    return this.stateOf(view);
  }

  setMode(name: string, request: ModeRequest, actor: string, reason: string): Promise<ModeResult> {
    return this.queue.run(async () => {
      const current = this.registry.get(name);
      if (!current) throw routeUnknown(name);
      const weight = request.weight ?? current.weight;
      this.validate({ ...current, mode: request.mode, weight });
      return this.write({
        route: name,
        mode: request.mode,
        weight,
        actor,
        reason,
        action: 'set-mode',
      });
    });
  }

  rollback(name: string, actor: string, reason: string): Promise<ModeResult> {
    return this.queue.run(async () => {
      const stored = await this.store.route(name);
      const current = this.registry.get(name);
      if (!stored || !current) throw routeUnknown(name);
      const target = rollbackTarget(name, stored, previousOf(stored));
      this.validate({ ...current, ...target });
      return this.write({ route: name, ...target, actor, reason, action: 'rollback' });
    });
  }

  audit(query: AuditQuery): Promise<AuditPage> {
    return this.store.audit(query);
  }

  /** One poll: persists local changes still pending, then applies the store if it moved. */
  sync(): Promise<boolean> {
    return this.queue.run(() => this.load(false));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.idle();
    await this.store.close();
  }

  private async write(change: ModeChange): Promise<ModeResult> {
    const audit = await this.store.setMode(change);
    await this.load(true);
    return { route: this.get(change.route), audit };
  }

  private validate(route: RouteConfig): void {
    const problems = routeProblems(route, this.registry.config);
    if (problems.length) {
      throw new FicusError(
        'FICUS_ROUTE_INVALID',
        `route "${route.name}": ${problems.map((p) => p.message).join('; ')}`,
        { details: { fields: problems.map((p) => p.field) } },
      );
    }
  }

  private accepts(route: RouteConfig): boolean {
    return routeProblems(route, this.registry.config).length === 0;
  }

  private stateOf(view: RouteView): RouteState {
    const stored = this.stored.get(view.name);
    const previous = stored ? previousOf(stored) : null;
    const rollbackTo = view.mode === 'legacy' ? null : rollbackTarget(view.name, view, previous);
    return { view, previous, rollbackTo };
  }

  /**
   * Changes the data plane made by itself (auto-rollback) take effect now and are persisted after.
   * The store's state is then read back, as after an admin write: the store records the mode before
   * the change (`previous`), and a store no poller reads (the in-memory one) would otherwise go on
   * showing the one before that until the next admin write.
   */
  private onRegistryChange(change: RouteChange): void {
    if (this.applying || change.after === null) return;
    this.localChanges++;
    this.pending.push(change);
    this.queue.run(() => this.load(true)).catch(() => undefined);
  }

  private async flush(): Promise<boolean> {
    for (let change = this.pending[0]; change; change = this.pending[0]) {
      const after = change.after!;
      try {
        await this.store.setMode({
          route: change.route,
          mode: after.mode,
          weight: after.weight,
          actor: change.actor,
          reason: change.reason,
          action: change.actor === AUTO_ROLLBACK_ACTOR ? 'auto-rollback' : 'set-mode',
        });
        this.pending.shift();
      } catch (err) {
        this.failed(err, 'could not persist a route change; retrying at the next poll');
        return false;
      }
    }
    return true;
  }

  /**
   * Applies the store's routes, unless a local change still waits to be persisted: applying first
   * would undo it. False when the store could not be read or its routes could not be served.
   */
  private async load(force: boolean): Promise<boolean> {
    try {
      for (let attempt = 1; attempt <= LOAD_ATTEMPTS; attempt++) {
        const before = this.localChanges;
        if (!(await this.flush())) return false;
        const version = await this.store.version();
        if (!force && version === this.seenVersion && !this.syncError) return true;
        const routes = await this.store.routes();
        if (before !== this.localChanges) continue;
        this.apply(routes, version);
        return true;
      }
      return true;
    } catch (err) {
      this.failed(err, 'could not sync routes from the control store');
      return false;
    }
  }

  private apply(routes: StoredRoute[], version: number): void {
    this.applying = true;
    try {
      this.registry.replaceAll(
        routes.map(liveConfig),
        SYNC_ACTOR,
        `control store version ${version}`,
      );
    } finally {
      this.applying = false;
    }
    this.stored = new Map(routes.map((r) => [r.name, r]));
    this.seenVersion = version;
    this.syncError = undefined;
  }

  private failed(err: unknown, message: string): void {
    const error =
      err instanceof FicusError
        ? err
        : new FicusError('FICUS_CONTROL_SYNC_FAILED', errorMessage(err), { cause: err });
    this.syncError = error;
    this.log.error({ code: error.code, err: error.message }, message);
  }
}

function previousOf(route: StoredRoute): LiveMode | null {
  return route.previousMode === null
    ? null
    : { mode: route.previousMode, weight: route.previousWeight ?? 0 };
}
