import { errorMessage, type Logger } from '@ficus/core';
import type { GatewayConfig, RouteConfig } from '../config/config.schema';
import { scheduleFor } from '../config/schedule.schema';
import type { ControlPlane } from './control-plane';
import { routeUnknown, scheduleCannotStart, scheduleNotDeclared } from './control-errors';
import type { ScheduleWrite } from './control-store.port';
import { blocking, type Placement } from './gates';
import type { ScheduleChange, ScheduleView, StepSchedules } from './step-schedules.port';
import {
  afterStep,
  decide,
  describePlacement,
  ended,
  firstStep,
  samePlacement,
  SCHEDULE_ACTOR,
  startSchedule,
  stepPlacement,
  type OtherMove,
  type ScheduleRecord,
} from './step-schedule';

export interface StepSchedulerOptions {
  /** How often running schedules are judged; a step is due every `every`, judged at the next tick. */
  tickMs: number;
  now: () => Date;
}

const DEFAULTS: StepSchedulerOptions = { tickMs: 1000, now: () => new Date() };

/**
 * Runs the routes' step schedules: every tick it reads them from the control store (so a restart
 * or another replica carries on where they were) and judges each running one (step-schedule.ts).
 * Its moves go through the control plane's gates and are written with the schedule in one store
 * transaction that checks the revision it read: of two replicas judging the same step, one moves.
 */
export class StepScheduler implements StepSchedules {
  private records = new Map<string, ScheduleRecord>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly options: StepSchedulerOptions;

  constructor(
    private readonly control: ControlPlane,
    private readonly config: () => GatewayConfig,
    private readonly log: Logger,
    options: Partial<StepSchedulerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((err: unknown) =>
          this.log.error({ err: errorMessage(err) }, 'step schedules could not be judged'),
        )
        .finally(() => (this.running = undefined));
    }, this.options.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** The route's schedule, running or the last one ended; null when it never had one. */
  view(route: RouteConfig): ScheduleView | null {
    const record = this.records.get(route.name);
    if (!record) return null;
    if (record.state !== 'running') return { record, next: null, waitingOn: [] };
    const weight = record.steps[record.next];
    const live = { mode: route.mode, weight: route.weight };
    const next = weight === undefined ? null : stepPlacement(weight, live);
    return {
      record,
      next,
      waitingOn: next ? blocking(this.control.moveGates(route.name, next)) : [],
    };
  }

  /** Reads every schedule and judges the running ones. */
  async tick(): Promise<void> {
    await this.reload();
    for (const record of this.records.values()) {
      if (record.state !== 'running') continue;
      try {
        await this.judge(record);
      } catch (err) {
        this.log.error(
          { route: record.route, err: errorMessage(err) },
          'step schedule could not be judged',
        );
      }
    }
    await this.reload();
  }

  /** Starts the route's schedule: its first step is taken at the next tick if its gates hold. */
  async begin(name: string, actor: string, reason: string): Promise<ScheduleChange> {
    const route = this.control.get(name).view.config;
    const config = scheduleFor(this.config().schedules, route);
    if (!config) throw scheduleNotDeclared(name);
    const live = { mode: route.mode, weight: route.weight };
    const next = firstStep(config.steps, live);
    if (next === undefined)
      throw scheduleCannotStart(
        name,
        `it is ${describePlacement(live)}, past every step of its schedule (${config.steps.join(', ')}); a schedule starts from legacy, shadow or a lower canary weight`,
      );
    const record = startSchedule(name, config, live, next, actor, this.options.now());
    const saved = await this.control.saveSchedule({
      schedule: record,
      expectRevision: null,
      audit: {
        actor,
        action: 'schedule-start',
        reason: `${reason} [steps ${config.steps.join(', ')} every ${config.every / 1000} s, next ${describePlacement(stepPlacement(config.steps[next]!, live))}]`,
      },
    });
    if (!saved.saved)
      throw scheduleCannotStart(name, 'a step schedule already runs; stop it first to restart it');
    await this.reload();
    return { schedule: saved.schedule!, audit: saved.audit };
  }

  /** Stops the route's running schedule; the route stays where it is. */
  async end(name: string, actor: string, reason: string): Promise<ScheduleChange> {
    await this.reload();
    if (!this.control.list().some((s) => s.view.name === name)) throw routeUnknown(name);
    const record = this.records.get(name);
    if (record?.state !== 'running')
      throw scheduleCannotStart(name, 'no step schedule runs; nothing to stop');
    const saved = await this.control.saveSchedule({
      schedule: ended(record, 'cancelled', `stopped by ${actor}: ${reason}`, this.options.now()),
      expectRevision: record.revision,
      audit: { actor, action: 'schedule-stop', reason },
    });
    await this.reload();
    if (!saved.saved) throw scheduleCannotStart(name, 'the schedule changed meanwhile; try again');
    return { schedule: saved.schedule!, audit: saved.audit };
  }

  /**
   * An operator's move (mode, rollback, abort) stops the route's running schedule, audited: a
   * hand on the route means the plan changed. Called by the control plane inside its write queue,
   * so it writes to the store directly.
   */
  async interrupted(name: string, actor: string, action: string, to: Placement): Promise<void> {
    const record = (await this.control.store.schedules()).find((s) => s.route === name);
    if (record?.state !== 'running') return;
    const note = `stopped by ${actor}'s ${action} to ${describePlacement(to)}`;
    await this.control.store.saveSchedule({
      schedule: ended(record, 'cancelled', note, this.options.now(), to),
      expectRevision: record.revision,
      audit: { actor, action: 'schedule-stop', reason: note },
    });
    this.records.set(name, ended(record, 'cancelled', note, this.options.now(), to));
  }

  private async reload(): Promise<void> {
    const records = await this.control.store.schedules();
    this.records = new Map(records.map((r) => [r.route, r]));
  }

  private async judge(record: ScheduleRecord): Promise<void> {
    const now = this.options.now();
    // A route removed from the config file keeps its last schedule record, judged no more.
    const view = this.control.list().find((state) => state.view.name === record.route)?.view;
    if (!view) return;
    const live = { mode: view.mode, weight: view.weight };
    const moved = !samePlacement(live, record.expected);
    const otherMove = moved ? await this.lastMove(record.route) : null;
    // A move the data plane made itself (auto-rollback) is served before it is persisted: judge
    // it once its audit entry says who made it.
    if (moved && (!otherMove || !samePlacement(otherMove.to, live))) return;
    if (!moved && now.getTime() >= record.dueAt.getTime())
      await this.control.refreshReadings(record.route);
    const decision = decide(record, {
      live,
      now,
      otherMove,
      stepGates: () => this.control.stepGates(record.route),
      moveGates: (to) => this.control.moveGates(record.route, to),
    });
    const write = ((): ScheduleWrite | undefined => {
      switch (decision.kind) {
        case 'not-due':
        case 'wait':
          return undefined;
        case 'step':
          return {
            schedule: afterStep(record, decision.to, decision.last, now),
            expectRevision: record.revision,
            move: {
              from: live,
              ...decision.to,
              actor: SCHEDULE_ACTOR,
              action: 'schedule-step',
              reason: `step ${record.next + 1} of ${record.steps.length} (${record.steps.join(', ')}), every gate held`,
            },
          };
        case 'rollback':
          return {
            schedule: ended(record, 'rolled-back', decision.reason, now, {
              mode: 'legacy',
              weight: 0,
            }),
            expectRevision: record.revision,
            move: {
              from: live,
              mode: 'legacy',
              weight: 0,
              actor: SCHEDULE_ACTOR,
              action: 'auto-rollback',
              reason: `step schedule: ${decision.reason}; back to legacy`,
            },
          };
        case 'stop':
          return {
            schedule: ended(record, decision.state, decision.reason, now, live),
            expectRevision: record.revision,
            audit: { actor: SCHEDULE_ACTOR, action: 'schedule-stop', reason: decision.reason },
          };
      }
    })();
    if (!write) return;
    const saved = await this.control.saveSchedule(write);
    if (saved.saved)
      this.log.info(
        { route: record.route, action: decision.kind, reason: saved.audit?.reason },
        'step schedule moved',
      );
  }

  private async lastMove(route: string): Promise<(OtherMove & { to: Placement }) | null> {
    const page = await this.control.audit({ limit: 1, route });
    const entry = page.entries[0];
    if (!entry?.after) return null;
    const to = { mode: entry.after.mode, weight: entry.after.weight };
    return { actor: entry.actor, action: entry.action, reason: entry.reason, to };
  }
}
