/**
 * The monolith predates DATE columns: dates are CHAR(8) 'YYYYMMDD' ('00000000' when unknown),
 * times CHAR(4) 'HHMM', and timestamps CHAR(14) 'YYYYMMDDHHMMSS' in UTC (the clinic's server
 * always ran in UTC, so the CDC adapter can read them without a time zone table).
 */
export const UNKNOWN_LEGACY_DATE = '00000000';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LEGACY_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2023-02-29 and 2023-13-01). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  );
}

/** '2024-03-07' → '20240307'. The caller has checked the text with isIsoDate. */
export function isoToLegacyDate(iso: string): string {
  return iso.replaceAll('-', '');
}

/** '20240307' → '2024-03-07'; the unknown marker and anything malformed → null. */
export function legacyDateToIso(legacy: string): string | null {
  const match = LEGACY_DATE.exec(legacy);
  if (!match || legacy === UNKNOWN_LEGACY_DATE) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return isIsoDate(iso) ? iso : null;
}

/** 'YYYYMMDD' of an instant, in UTC. */
export function legacyDateOf(instant: Date): string {
  return legacyTimestampOf(instant).slice(0, 8);
}

/** 'YYYYMMDDHHMMSS' of an instant, in UTC. */
export function legacyTimestampOf(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

export function isClockTime(text: string): boolean {
  return CLOCK_TIME.test(text);
}

/** '09:30' → '0930'. The caller has checked the text with isClockTime. */
export function clockToLegacyTime(clock: string): string {
  return clock.replace(':', '');
}

/** '0930' → 570 minutes after midnight. */
export function legacyTimeToMinutes(legacy: string): number {
  return Number(legacy.slice(0, 2)) * 60 + Number(legacy.slice(2, 4));
}

/** 570 → '0930'. */
export function minutesToLegacyTime(minutes: number): string {
  const hh = Math.floor(minutes / 60);
  const mm = minutes % 60;
  return `${String(hh).padStart(2, '0')}${String(mm).padStart(2, '0')}`;
}
