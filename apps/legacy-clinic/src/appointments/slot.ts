import { type AppointmentStatus } from './appointment.row';

/** A stretch of a practitioner's day, in minutes after midnight. */
export interface TimeSlot {
  start: number;
  duration: number;
}

export const MINUTES_PER_DAY = 24 * 60;

/**
 * A cancelled visit frees its time; a completed visit or a no-show still held it, so nothing can
 * be booked over it afterwards either.
 */
export const SLOT_HOLDING_STATUSES: readonly AppointmentStatus[] = ['B', 'C', 'N'];

/** Half-open intervals: a 09:00–09:30 visit and a 09:30 visit do not clash. */
export function overlaps(a: TimeSlot, b: TimeSlot): boolean {
  return a.start < b.start + b.duration && b.start < a.start + a.duration;
}

/** The id of the first taken slot the candidate overlaps, if any. */
export function findClash<T extends TimeSlot & { id: number }>(
  candidate: TimeSlot,
  taken: readonly T[],
): number | undefined {
  return taken.find((slot) => overlaps(candidate, slot))?.id;
}

/** Visits never run past midnight: the day's schedule is all the old screen could show. */
export function endsBeforeMidnight(slot: TimeSlot): boolean {
  return slot.start + slot.duration <= MINUTES_PER_DAY;
}
