import { SLOT_HOLDING_STATUSES, type Appointment } from '@ficus/legacy-adapter';
import { VisitPastMidnightError } from './scheduling-errors';

/** A stretch of a practitioner's day, in minutes after midnight. */
export interface TimeSlot {
  start: number;
  duration: number;
}

export const MINUTES_PER_DAY = 24 * 60;

/** 'HH:MM' → minutes after midnight. */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Half-open intervals: a 09:00–09:30 visit and a 09:30 visit do not clash. */
export function overlaps(a: TimeSlot, b: TimeSlot): boolean {
  return a.start < b.start + b.duration && b.start < a.start + a.duration;
}

/** Visits never run past midnight (the clinic's rule): the day's schedule is all it could show. */
export function assertWithinDay(slot: TimeSlot): void {
  if (slot.start + slot.duration > MINUTES_PER_DAY) throw new VisitPastMidnightError();
}

export function holdsTime(appointment: Appointment): boolean {
  return SLOT_HOLDING_STATUSES.includes(appointment.status);
}

/**
 * The first visit, in the day's time order, that the candidate overlaps. The clinic answers with
 * the first clash its index returns, which is the same order.
 */
export function findClash(
  candidate: TimeSlot,
  day: readonly Appointment[],
  movingId: number,
): Appointment | undefined {
  return [...day]
    .filter((a) => a.id !== movingId && holdsTime(a))
    .sort((a, b) => minutesOf(a.time) - minutesOf(b.time) || a.id - b.id)
    .find((a) => overlaps(candidate, { start: minutesOf(a.time), duration: a.durationMinutes }));
}
