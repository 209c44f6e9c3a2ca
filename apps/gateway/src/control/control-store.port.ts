import type { RouteConfig, RouteMode } from '../config/config.schema';
import type { Placement } from './gates';
import type { ScheduleRecord } from './step-schedule';

/** One route as the control store keeps it: its file definition and its live state, apart. */
export interface StoredRoute {
  name: string;
  /** The route exactly as the config file defined it at the last seed, mode and weight included. */
  definition: RouteConfig;
  /** The live mode and weight: what the file said at first, then whatever the admin API set. */
  mode: RouteMode;
  weight: number;
  /** What a rollback goes back to; null until the live mode first changes. */
  previousMode: RouteMode | null;
  previousWeight: number | null;
  /** The control version at which this route last changed. */
  version: number;
}

export const AUDIT_ACTIONS = [
  'seed-insert',
  'seed-update',
  'seed-remove',
  'set-mode',
  /** A move forward made with `force` past gates that did not hold (listed in the reason). */
  'forced',
  'rollback',
  /** Straight back to legacy, whatever the mode. */
  'abort',
  'auto-rollback',
  /** A step schedule started, a step it took (its gates held), and its end before the last step. */
  'schedule-start',
  'schedule-step',
  'schedule-stop',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One append-only audit record. Route definitions only: never a request, a body or a header. */
export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  route: string;
  action: AuditAction;
  before: RouteConfig | null;
  after: RouteConfig | null;
  reason: string;
}

/** A live mode change, as a caller asks for it. */
export interface ModeChange {
  route: string;
  mode: RouteMode;
  weight: number;
  actor: string;
  reason: string;
  action: Extract<AuditAction, 'set-mode' | 'forced' | 'rollback' | 'abort' | 'auto-rollback'>;
}

/**
 * A step schedule written with what it does, in one transaction: a move (a step, or a rollback to
 * legacy) made only while the route is still where the schedule left it, or an audited start or
 * stop. A writer that read an older revision loses: replicas never take the same step twice.
 */
export interface ScheduleWrite {
  /** The schedule after the write; the store sets its revision. */
  schedule: ScheduleRecord;
  /** The revision the writer read; null to start one, when none is running. */
  expectRevision: number | null;
  move?: {
    from: Placement;
    mode: RouteMode;
    weight: number;
    actor: string;
    reason: string;
    action: Extract<AuditAction, 'schedule-step' | 'auto-rollback'>;
  };
  /** The audit entry of a write without a move. */
  audit?: {
    actor: string;
    action: Extract<AuditAction, 'schedule-start' | 'schedule-stop'>;
    reason: string;
  };
}

/** saved: false when another writer got there first (or the route moved); nothing was written. */
export interface ScheduleSaved {
  saved: boolean;
  schedule: ScheduleRecord | null;
  audit: AuditEntry | null;
}

export interface AuditQuery {
  /** At most this many entries, newest first. */
  limit: number;
  /** Only entries with a smaller id: the `next` cursor of the previous page. */
  before?: number;
  route?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: number | null;
}

/** Decides whether a route, with its live mode, can be served by this gateway's configuration. */
export type RouteCheck = (route: RouteConfig) => boolean;

/**
 * Where the live route table and the audit log live. The MySQL store is shared by replicas; the
 * in-memory one serves a single gateway that runs from its config file alone.
 */
export interface ControlStore {
  /** True when other replicas may change the store, so it must be polled. */
  readonly shared: boolean;
  /** Creates or upgrades the store's tables; safe when replicas start together. */
  migrate(): Promise<void>;
  /** Merges the config file's routes in (see seed-plan.ts); returns the audit entries written. */
  seed(fileRoutes: readonly RouteConfig[], actor: string, check: RouteCheck): Promise<AuditEntry[]>;
  /** A counter that grows with every change: cheap to poll. */
  version(): Promise<number>;
  routes(): Promise<StoredRoute[]>;
  route(name: string): Promise<StoredRoute | undefined>;
  /** Sets a live mode and audits it in one transaction; null when it was already so. */
  setMode(change: ModeChange): Promise<AuditEntry | null>;
  audit(query: AuditQuery): Promise<AuditPage>;
  /** Every route's step schedule, running or ended (the last one per route). */
  schedules(): Promise<ScheduleRecord[]>;
  saveSchedule(write: ScheduleWrite): Promise<ScheduleSaved>;
  close(): Promise<void>;
}
