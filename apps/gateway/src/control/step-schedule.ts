import type { ScheduleConfig } from '../config/schedule.schema';
import { blocking, type GateResult, type Placement } from './gates';

export const SCHEDULE_STATES = ['running', 'done', 'cancelled', 'rolled-back'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

/** Actor of the moves a schedule makes, and of its automatic rollbacks. */
export const SCHEDULE_ACTOR = 'schedule';

/**
 * A route's automatic canary as the control store keeps it, so that it survives a restart and
 * every replica sees the same one. Its steps and interval are the config's when it was started.
 */
export interface ScheduleRecord {
  route: string;
  state: ScheduleState;
  steps: number[];
  everyMs: number;
  /** Index in `steps` of the next step to take; steps.length once every step is taken. */
  next: number;
  /** When the next step is due (it is taken then, or as soon after as its gates hold). */
  dueAt: Date;
  /** Where the schedule last put (or found) the route: any other live mode means another hand moved it. */
  expected: Placement;
  startedBy: string;
  startedAt: Date;
  /** Why it ended; empty while it runs. */
  note: string;
  /** Bumped by every write: a writer that read an older one lost the race and does nothing. */
  revision: number;
  updatedAt: Date;
}

/**
 * Gates whose failure at a step time, measured on enough requests, means the new service is worse
 * than legacy: the schedule rolls back rather than waits. Other gates (too few comparisons, too
 * little time, lag) only hold the next step.
 */
export const BREAKING_GATES: readonly string[] = ['maxErrorRateOverLegacy', 'maxP99OverLegacy'];

/** What one tick does with a running schedule. */
export type ScheduleDecision =
  | { kind: 'not-due' }
  | { kind: 'wait'; to: Placement; waitingOn: GateResult[] }
  | { kind: 'step'; to: Placement; last: boolean }
  | { kind: 'rollback'; reason: string }
  | { kind: 'stop'; state: Extract<ScheduleState, 'cancelled' | 'rolled-back'>; reason: string };

/** Who made the last move of a route that the schedule did not make. */
export interface OtherMove {
  actor: string;
  action: string;
  reason: string;
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return a.mode === b.mode && (a.mode !== 'canary' || a.weight === b.weight);
}

export function describePlacement(p: Placement): string {
  return p.mode === 'canary' ? `canary ${p.weight}%` : p.mode;
}

/** Where a step puts the route: a canary weight, or `new` for 100. */
export function stepPlacement(weight: number, live: Placement): Placement {
  return weight >= 100 ? { mode: 'new', weight: live.weight } : { mode: 'canary', weight };
}

/**
 * The first step a schedule started now takes: from legacy or shadow its first step, from canary
 * the first weight above the live one. Undefined when no step is left (the route is past them).
 */
export function firstStep(steps: readonly number[], live: Placement): number | undefined {
  if (live.mode === 'legacy' || live.mode === 'shadow') return 0;
  if (live.mode !== 'canary') return undefined;
  const i = steps.findIndex((w) => w > live.weight);
  return i < 0 ? undefined : i;
}

/** A new schedule for the route, its first step due now (from canary: after one interval). */
export function startSchedule(
  route: string,
  config: ScheduleConfig,
  live: Placement,
  next: number,
  actor: string,
  now: Date,
): ScheduleRecord {
  const due = live.mode === 'canary' ? now.getTime() + config.every : now.getTime();
  return {
    route,
    state: 'running',
    steps: [...config.steps],
    everyMs: config.every,
    next,
    dueAt: new Date(due),
    expected: { mode: live.mode, weight: live.weight },
    startedBy: actor,
    startedAt: now,
    note: '',
    revision: 0,
    updatedAt: now,
  };
}

/** The gates of the step that broke: measured, failed, and on as many requests as the step asks. */
export function breakingGates(stepGates: readonly GateResult[]): GateResult[] {
  const enough = stepGates.every((g) => g.gate !== 'minRequests' || g.state === 'pass');
  if (!enough) return [];
  return stepGates.filter(
    (g) => BREAKING_GATES.includes(g.gate) && g.state === 'fail' && g.figure !== null,
  );
}

export interface ScheduleInputs {
  live: Placement;
  now: Date;
  /** The last move of the route, read only when the live mode is not the one expected. */
  otherMove?: OtherMove | null;
  /** The gates of the live step, with its figures. */
  stepGates: () => GateResult[];
  /** The gates of a move from the live step to `to`. */
  moveGates: (to: Placement) => GateResult[];
}

/**
 * One tick of a running schedule. Someone else's move stops it (an automatic rollback of the route
 * rolls it back to legacy); before the due time nothing happens; at and after it, a breaking gate
 * rolls back, gates that do not hold make it wait (re-judged every tick), and gates that hold take
 * the step.
 */
export function decide(schedule: ScheduleRecord, inputs: ScheduleInputs): ScheduleDecision {
  const { live, now } = inputs;
  if (!samePlacement(live, schedule.expected)) {
    const move = inputs.otherMove;
    const by = move ? `${move.actor} (${move.action}: ${move.reason})` : 'another hand';
    if (move?.action === 'auto-rollback')
      return live.mode === 'legacy'
        ? { kind: 'stop', state: 'rolled-back', reason: `rolled back by ${by}` }
        : { kind: 'rollback', reason: `the route was rolled back by ${by}` };
    return {
      kind: 'stop',
      state: 'cancelled',
      reason: `the route was moved from ${describePlacement(schedule.expected)} to ${describePlacement(live)} by ${by}`,
    };
  }
  if (now.getTime() < schedule.dueAt.getTime()) return { kind: 'not-due' };
  if (live.mode === 'canary') {
    const broken = breakingGates(inputs.stepGates());
    if (broken.length)
      return {
        kind: 'rollback',
        reason: `${broken.map((g) => `${g.gate} broke at ${describePlacement(live)}: ${g.detail}`).join('; ')}`,
      };
  }
  const weight = schedule.steps[schedule.next];
  if (weight === undefined) return { kind: 'stop', state: 'cancelled', reason: 'no step left' };
  const to = stepPlacement(weight, live);
  const waitingOn = blocking(inputs.moveGates(to));
  if (waitingOn.length) return { kind: 'wait', to, waitingOn };
  return { kind: 'step', to, last: schedule.next + 1 >= schedule.steps.length };
}

/** The schedule after a step to `to`. */
export function afterStep(
  schedule: ScheduleRecord,
  to: Placement,
  last: boolean,
  now: Date,
): ScheduleRecord {
  return {
    ...schedule,
    state: last ? 'done' : 'running',
    next: schedule.next + 1,
    dueAt: new Date(now.getTime() + schedule.everyMs),
    expected: to,
    note: last ? `every step taken: ${describePlacement(to)}` : '',
    updatedAt: now,
  };
}

/** The schedule once it stopped, with why. */
export function ended(
  schedule: ScheduleRecord,
  state: Exclude<ScheduleState, 'running'>,
  note: string,
  now: Date,
  live: Placement = schedule.expected,
): ScheduleRecord {
  return { ...schedule, state, note, expected: live, updatedAt: now };
}
