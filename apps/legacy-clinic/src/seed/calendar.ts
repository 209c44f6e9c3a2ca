import { isIsoDate, legacyDateOf, legacyTimestampOf } from '../legacy/legacy-date';

export const DAY_MS = 86_400_000;

/**
 * "Today" of a seeded clinic is pinned, not read from the clock, so a seed gives the same rows
 * whenever it runs. Visits before it are history (completed, no-show, cancelled), visits after it
 * are bookings. A demo can pin it to the real date to get upcoming bookings; the rows then depend
 * on (seed, today).
 */
export const DEFAULT_SEED_TODAY = '2025-06-30';

/** Visits span two years back and one year ahead of today. */
export const VISIT_DAYS_BACK = 730;
export const VISIT_DAYS = 1096;

/** Thirty-minute slots from 08:00; a seeded visit lasts at most 30 minutes, so slots never overlap. */
export const DAY_START_MINUTES = 8 * 60;
export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = 18;

/** Days are counted from 1970-01-01 (UTC); instants are epoch milliseconds. */
export class SeedCalendar {
  readonly todayDay: number;
  readonly todayMs: number;

  constructor(todayIso: string = DEFAULT_SEED_TODAY) {
    if (!isIsoDate(todayIso)) throw new RangeError('the seed calendar needs a date YYYY-MM-DD');
    this.todayMs = Date.parse(`${todayIso}T00:00:00Z`);
    this.todayDay = this.todayMs / DAY_MS;
  }

  /** The first day that can hold a seeded visit. */
  get firstVisitDay(): number {
    return this.todayDay - VISIT_DAYS_BACK;
  }
}

export function dayToLegacyDate(epochDay: number): string {
  return legacyDateOf(new Date(epochDay * DAY_MS));
}

export function msToLegacyStamp(ms: number): string {
  return legacyTimestampOf(new Date(ms));
}
