import { errorMessage, FicusError, type Logger } from '@ficus/core';
import type { RouteConfig, RouteMode } from '../config/config.schema';
import type { ProgressGates } from '../progress/progress-gates';
import type { RouteChange, RouteRegistry, RouteView } from '../routing/route-registry';
import { routeProblems } from '../routing/route-rules';
import { routeUnknown } from './control-errors';
import {
  blocking,
  evaluateMove,
  evaluateStep,
  gateStepsFor,
  isForward,
  type GateResult,
  type Placement,
} from './gates';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ControlStore,
  ModeChange,
  ScheduleSaved,
  ScheduleWrite,
  StoredRoute,
} from './control-store.port';
import type { ReconciliationWatch } from './reconciliation-watch';
import { rollbackTarget, type LiveMode } from './rollback-target';
import { SerialQueue } from './serial-queue';
import type { StepEvidence, StepFigures, Traffic } from './step-evidence';
import type { ScheduleChange, ScheduleView, StepSchedules } from './step-schedules.port';
import type { SyncStatusWatch } from './sync-status-watch';
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
  /** Move forward even though gates do not hold; needs a reason, audited as `forced`. */
  force?: boolean;
}

/** A route with what its current step has measured and the gates that hold its next move forward. */
export interface RouteStatus {
  state: RouteState;
  figures: StepFigures | null;
  /** The gates of the current mode: what must hold to leave it forward. Empty when none are declared. */
  gates: GateResult[];
  /** Requests since this gateway started, by who answered; null before the data plane runs. */
  traffic: Traffic | null;
  /** The route's step schedule, running or the last one ended; null when it never had one. */
  schedule: ScheduleView | null;
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
  private evidence: StepEvidence | undefined;
  private reconciliation: ReconciliationWatch | undefined;
  private progress: ProgressGates | undefined;
  private syncStatus: SyncStatusWatch | undefined;
  private scheduler: StepSchedules | undefined;

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

  /**
   * Gives the control plane the evidence its gates read; until then (or without gates declared in
   * the config) moves are not gated. The data plane owns the counters, and starts after the store.
   */
  useEvidence(evidence: StepEvidence): void {
    this.evidence = evidence;
  }

  /** Gives the `reconciliationClean` gate its reading of each route target's last report. */
  useReconciliation(watch: ReconciliationWatch): void {
    this.reconciliation = watch;
  }

  /** Gives the built-in gates (unrouted requests, retiring while legacy still serves) their counts. */
  useProgress(gates: ProgressGates): void {
    this.progress = gates;
  }

  /** Gives the lag and dead-letter gates their reading of each route target's sync status. */
  useSyncStatus(watch: SyncStatusWatch): void {
    this.syncStatus = watch;
  }

  /** Lets the step scheduler show its schedules in the status, and stops one on an operator's move. */
  useScheduler(scheduler: StepSchedules): void {
    this.scheduler = scheduler;
  }

  /** The step's figures with the route target's last reconciliation and sync status, when read. */
  private figuresOf(route: RouteConfig): StepFigures | null {
    const figures = this.evidence?.figures(route.name);
    if (!figures) return null;
    return {
      ...figures,
      ...(this.reconciliation ? { reconciliation: this.reconciliation.of(route) } : {}),
      ...(this.syncStatus ? { sync: this.syncStatus.of(route) } : {}),
    };
  }

  status(): RouteStatus[] {
    const now = new Date();
    return this.list().map((state) => {
      const figures = this.figuresOf(state.view.config);
      const steps = gateStepsFor(this.registry.config.gates, state.view.config);
      const gates = steps && figures ? evaluateStep(steps, state.view.mode, figures, now) : [];
      const since = figures?.since ?? now;
      gates.push(...(this.progress?.forStatus(state.view.name, state.view, since, now) ?? []));
      return {
        state,
        figures,
        gates,
        traffic: this.evidence?.traffic(state.view.name) ?? null,
        schedule: this.scheduler?.view(state.view.config) ?? null,
      };
    });
  }

  /** The gates of the route's current mode, with what the step measured. */
  stepGates(name: string): GateResult[] {
    return this.status().find((s) => s.state.view.name === name)?.gates ?? [];
  }

  /** The gates a move of the route to `to` must pass now, on the last readings of its target. */
  moveGates(name: string, to: Placement): GateResult[] {
    const current = this.registry.get(name);
    if (!current) throw routeUnknown(name);
    return this.gateResults(current, to);
  }

  /** Reads the route target's reconciliation and sync status, and the progress counts, now. */
  async refreshReadings(name: string): Promise<void> {
    const current = this.registry.get(name);
    if (!current) throw routeUnknown(name);
    await Promise.all([
      this.reconciliation?.refresh(current),
      this.syncStatus?.refresh(current),
      this.progress?.refresh(),
    ]);
  }

  /** Starts the route's step schedule (ficus canary <route> --auto). */
  startSchedule(name: string, actor: string, reason: string): Promise<ScheduleChange> {
    return this.schedulerOrFail().begin(name, actor, reason);
  }

  /** Stops the route's running step schedule; the route stays where it is. */
  stopSchedule(name: string, actor: string, reason: string): Promise<ScheduleChange> {
    return this.schedulerOrFail().end(name, actor, reason);
  }

  private schedulerOrFail(): StepSchedules {
    if (!this.scheduler)
      throw new FicusError(
        'FICUS_SCHEDULE_UNAVAILABLE',
        'step schedules run once the data plane runs',
      );
    return this.scheduler;
  }

  /** A step schedule's write, with its move if any, then served like any other write. */
  saveSchedule(write: ScheduleWrite): Promise<ScheduleSaved> {
    return this.queue.run(async () => {
      const saved = await this.store.saveSchedule(write);
      if (saved.saved && write.move) await this.load(true);
      return saved;
    });
  }

  /** All traffic through this gateway, unmatched requests included: the share the new code serves. */
  traffic(): Traffic | null {
    return this.evidence?.overall(this.registry.list().map((v) => v.name)) ?? null;
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
      const to = { mode: request.mode, weight };
      if (isForward(current, to))
        await Promise.all([
          this.reconciliation?.refresh(current),
          this.syncStatus?.refresh(current),
          this.progress?.refresh(),
        ]);
      const forced = request.force === true && isForward(current, to);
      if (forced && !reason.trim())
        throw new FicusError(
          'FICUS_GATE_FORCE_REASON',
          `a forced move of route "${name}" needs a reason; it is kept in the audit log`,
        );
      const failing = blocking(this.gateResults(current, to));
      if (failing.length && !forced) throw gateRefused(name, current, to, failing);
      return this.write({
        route: name,
        ...to,
        actor,
        reason: forced ? forcedReason(reason, failing) : reason,
        action: forced ? 'forced' : 'set-mode',
      });
    });
  }

  /** Legacy in one step, from any mode: the incident button. Never gated. */
  abort(name: string, actor: string, reason: string): Promise<ModeResult> {
    return this.queue.run(async () => {
      const current = this.registry.get(name);
      if (!current) throw routeUnknown(name);
      this.validate({ ...current, mode: 'legacy', weight: 0 });
      return this.write({ route: name, mode: 'legacy', weight: 0, actor, reason, action: 'abort' });
    });
  }

  private gateResults(current: RouteConfig, to: Placement): GateResult[] {
    const steps = gateStepsFor(this.registry.config.gates, current);
    const figures = this.figuresOf(current);
    const now = new Date();
    const builtIn = this.progress?.forMove(current.name, current, to, figures?.since ?? now, now);
    const declared = steps && figures ? evaluateMove(steps, current, to, figures, now) : [];
    return [...declared, ...(builtIn ?? [])];
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
    if (audit) await this.interruptSchedule(change);
    await this.load(true);
    return { route: this.get(change.route), audit };
  }

  /** The move is made and audited whatever becomes of the schedule; a failure to stop it is logged. */
  private async interruptSchedule(change: ModeChange): Promise<void> {
    try {
      await this.scheduler?.interrupted(change.route, change.actor, change.action, change);
    } catch (err) {
      this.log.error(
        { route: change.route, err: errorMessage(err) },
        'could not stop the step schedule after an operator move; it stops at its next tick',
      );
    }
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

function placement(p: Placement): string {
  return p.mode === 'canary' ? `canary ${p.weight}%` : p.mode;
}

function gateRefused(
  name: string,
  from: Placement,
  to: Placement,
  failing: GateResult[],
): FicusError {
  return new FicusError(
    'FICUS_GATE_FAILED',
    `route "${name}" may not move from ${placement(from)} to ${placement(to)}: ${failing
      .map((g) => `${g.gate} (${g.detail})`)
      .join(
        '; ',
      )}. Wait until the gates hold (GET /admin/status), or send force: true with a reason`,
    { details: { errors: failing } },
  );
}

/** The audit reason of a forced move names the gates it went past, so the log says what was skipped. */
function forcedReason(reason: string, failing: GateResult[]): string {
  const past = failing.length
    ? `forced past ${failing.map((g) => `${g.gate}: ${g.detail}`).join('; ')}`
    : 'forced; every gate held';
  const text = `${reason.trim()} [${past}]`;
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

function previousOf(route: StoredRoute): LiveMode | null {
  return route.previousMode === null
    ? null
    : { mode: route.previousMode, weight: route.previousWeight ?? 0 };
}
