import type { RouteConfig } from '../config/config.schema';
import type { AuditEntry } from './control-store.port';
import type { GateResult, Placement } from './gates';
import type { ScheduleRecord } from './step-schedule';

/** A route's schedule as the status shows it: its record, the step it waits to take and on what. */
export interface ScheduleView {
  record: ScheduleRecord;
  /** The next step's placement; null once the schedule ended. */
  next: Placement | null;
  /** The gates that would hold the next step now; empty when they hold. */
  waitingOn: GateResult[];
}

export interface ScheduleChange {
  schedule: ScheduleRecord;
  audit: AuditEntry | null;
}

/** What the control plane asks of the step scheduler (step-scheduler.ts). */
export interface StepSchedules {
  view(route: RouteConfig): ScheduleView | null;
  begin(name: string, actor: string, reason: string): Promise<ScheduleChange>;
  end(name: string, actor: string, reason: string): Promise<ScheduleChange>;
  /** An operator moved the route: its running schedule stops. */
  interrupted(name: string, actor: string, action: string, to: Placement): Promise<void>;
}
