import type { RouteConfig } from '../config/config.schema';
import { routeUnknown } from './control-errors';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ControlStore,
  ModeChange,
  RouteCheck,
  ScheduleSaved,
  ScheduleWrite,
  StoredRoute,
} from './control-store.port';
import { planScheduleWrite } from './schedule-write';
import { planSeed, seedAudit } from './seed-plan';
import type { ScheduleRecord } from './step-schedule';
import { liveConfig } from './stored-route';

/**
 * The store of a gateway without control.databaseUrl: same rules as the MySQL store, kept in this
 * process. Live modes and the audit log last until the process exits; the file seeds it at start.
 */
export class MemoryControlStore implements ControlStore {
  readonly shared = false;
  private readonly rows = new Map<string, StoredRoute>();
  private readonly log: AuditEntry[] = [];
  private readonly scheduled = new Map<string, ScheduleRecord>();
  private current = 0;

  migrate(): Promise<void> {
    return Promise.resolve();
  }

  seed(
    fileRoutes: readonly RouteConfig[],
    actor: string,
    check: RouteCheck,
  ): Promise<AuditEntry[]> {
    const steps = planSeed(fileRoutes, [...this.rows.values()], check);
    if (steps.length) this.current++;
    const entries = steps.map((step) => {
      if (step.next) this.rows.set(step.route, { ...step.next, version: this.current });
      else this.rows.delete(step.route);
      return this.append(seedAudit(step, actor, new Date()));
    });
    return Promise.resolve(entries);
  }

  version(): Promise<number> {
    return Promise.resolve(this.current);
  }

  routes(): Promise<StoredRoute[]> {
    return Promise.resolve([...this.rows.values()].sort((a, b) => (a.name < b.name ? -1 : 1)));
  }

  route(name: string): Promise<StoredRoute | undefined> {
    return Promise.resolve(this.rows.get(name));
  }

  setMode(change: ModeChange): Promise<AuditEntry | null> {
    const current = this.rows.get(change.route);
    if (!current) return Promise.reject(routeUnknown(change.route));
    if (current.mode === change.mode && current.weight === change.weight)
      return Promise.resolve(null);
    this.current++;
    const next: StoredRoute = {
      ...current,
      mode: change.mode,
      weight: change.weight,
      previousMode: current.mode,
      previousWeight: current.weight,
      version: this.current,
    };
    this.rows.set(change.route, next);
    return Promise.resolve(
      this.append({
        at: new Date(),
        actor: change.actor,
        route: change.route,
        action: change.action,
        before: liveConfig(current),
        after: liveConfig(next),
        reason: change.reason,
      }),
    );
  }

  audit(query: AuditQuery): Promise<AuditPage> {
    const matching = this.log
      .filter(
        (e) =>
          (query.before === undefined || e.id < query.before) &&
          (!query.route || e.route === query.route),
      )
      .reverse();
    const entries = matching.slice(0, query.limit);
    const next = matching.length > query.limit ? (entries.at(-1)?.id ?? null) : null;
    return Promise.resolve({ entries, next });
  }

  schedules(): Promise<ScheduleRecord[]> {
    return Promise.resolve([...this.scheduled.values()]);
  }

  saveSchedule(write: ScheduleWrite): Promise<ScheduleSaved> {
    const route = this.rows.get(write.schedule.route);
    if (!route) return Promise.reject(routeUnknown(write.schedule.route));
    const plan = planScheduleWrite(this.scheduled.get(route.name), route, write, new Date());
    if (!plan) return Promise.resolve({ saved: false, schedule: null, audit: null });
    this.current++;
    if (plan.route) this.rows.set(route.name, { ...plan.route, version: this.current });
    this.scheduled.set(route.name, plan.schedule);
    return Promise.resolve({
      saved: true,
      schedule: plan.schedule,
      audit: this.append(plan.audit),
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const full = { ...entry, id: this.log.length + 1 };
    this.log.push(full);
    return full;
  }
}
