/**
 * The monolith predates DATE columns: a date is CHAR(8) 'YYYYMMDD' with '00000000' for unknown,
 * an instant is CHAR(14) 'YYYYMMDDHHMMSS' in UTC (the clinic's server always ran in UTC) with ''
 * when never recorded.
 */
export const UNKNOWN_LEGACY_DATE = '00000000';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LEGACY_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const LEGACY_STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;

/** True for a real calendar date 'YYYY-MM-DD' (rejects 2023-02-29 and 2023-13-01). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return (
    y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  );
}

/** True for '00000000' or a real calendar date 'YYYYMMDD'. */
export function isLegacyDate(text: string): boolean {
  if (text === UNKNOWN_LEGACY_DATE) return true;
  const match = LEGACY_DATE.exec(text);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** '20240307' → '2024-03-07', '00000000' → null. The caller has checked it with isLegacyDate. */
export function legacyDateToIso(legacy: string): string | null {
  if (legacy === UNKNOWN_LEGACY_DATE) return null;
  return `${legacy.slice(0, 4)}-${legacy.slice(4, 6)}-${legacy.slice(6, 8)}`;
}

export function isoToLegacyDate(iso: string | null): string {
  return iso === null ? UNKNOWN_LEGACY_DATE : iso.replaceAll('-', '');
}

/** True for '' or a real UTC instant 'YYYYMMDDHHMMSS'. */
export function isLegacyStamp(text: string): boolean {
  if (text === '') return true;
  const match = LEGACY_STAMP.exec(text);
  if (!match) return false;
  return isRealInstant(match);
}

/** Date and clock parts of a matched stamp; a leap second (:60) cannot be stored in CHAR(14). */
function isRealInstant(match: RegExpExecArray): boolean {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1, 7).map(Number);
  return isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59;
}

/** '20240307093000' → '2024-03-07T09:30:00.000Z', '' → null. Checked with isLegacyStamp. */
export function legacyStampToIso(stamp: string): string | null {
  if (stamp === '') return null;
  const [date, time] = [stamp.slice(0, 8), stamp.slice(8)];
  return `${legacyDateToIso(date)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.000Z`;
}

/** True for an ISO-8601 UTC instant whose calendar date and clock time are real. */
export function isIsoInstant(text: string): boolean {
  const match = ISO_INSTANT.exec(text);
  if (!match) return false;
  return isRealInstant(match);
}

/** '2024-03-07T09:30:00.123Z' → '20240307093000': CHAR(14) keeps whole seconds. */
export function isoToLegacyStamp(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 19).replace(/[-T:]/g, '');
}
