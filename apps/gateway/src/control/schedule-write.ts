import type { AuditEntry, ScheduleWrite, StoredRoute } from './control-store.port';
import { samePlacement, type ScheduleRecord } from './step-schedule';
import { liveConfig } from './stored-route';

export interface PlannedScheduleWrite {
  schedule: ScheduleRecord;
  /** The route after the move; null when the write moves nothing. */
  route: StoredRoute | null;
  audit: Omit<AuditEntry, 'id'>;
}

/**
 * What a schedule write does to the store, judged on the rows it read under lock (both stores use
 * it); null when it lost: another writer's revision, a schedule already running, or a route that
 * is no longer where the schedule left it.
 */
export function planScheduleWrite(
  current: ScheduleRecord | undefined,
  route: StoredRoute,
  write: ScheduleWrite,
  at: Date,
): PlannedScheduleWrite | null {
  const running = current?.state === 'running';
  if (
    write.expectRevision === null ? running : !running || current.revision !== write.expectRevision
  )
    return null;
  const schedule = { ...write.schedule, revision: (current?.revision ?? 0) + 1, updatedAt: at };
  const move = write.move;
  if (!move) {
    const audit = write.audit!;
    const config = liveConfig(route);
    return {
      schedule,
      route: null,
      audit: { at, ...audit, route: route.name, before: config, after: config },
    };
  }
  if (!samePlacement(route, move.from)) return null;
  const next: StoredRoute = {
    ...route,
    mode: move.mode,
    weight: move.weight,
    previousMode: route.mode,
    previousWeight: route.weight,
  };
  return {
    schedule,
    route: next,
    audit: {
      at,
      actor: move.actor,
      route: route.name,
      action: move.action,
      before: liveConfig(route),
      after: liveConfig(next),
      reason: move.reason,
    },
  };
}
