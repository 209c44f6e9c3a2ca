import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';
import { exactInteger } from './exact-integer';

// Debezium's MySQL connector, time.precision.mode=adaptive_time_microseconds:
// https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-temporal-types

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;
const TIME = /^(-)?(\d{2,3}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const MICROS_PER_DAY = 86_400_000_000n;
const EPOCH_ISO = '1970-01-01T00:00:00Z';

interface Parts {
  year: number;
  month: number;
  day: number;
  seconds: number;
  micros: number;
}

/** DATE → io.debezium.time.Date: days since 1970-01-01. */
export function decodeDate(column: ColumnSchema, value: unknown): number | null {
  const parts = parseDateTime(column, value);
  if (!parts) return zeroDate(column, 0);
  return daysFromCivil(parts.year, parts.month, parts.day);
}

/**
 * DATETIME(0-3) → io.debezium.time.Timestamp (epoch ms), DATETIME(4-6) → MicroTimestamp (epoch
 * µs): the wall-clock value read as UTC, as Debezium does.
 */
export function decodeDateTime(column: ColumnSchema, value: unknown): number | string | null {
  const parts = parseDateTime(column, value);
  if (!parts) return zeroDate(column, 0);
  const micros = epochMicros(parts);
  return (column.fsp ?? 0) <= 3 ? exactInteger(micros / 1000n) : exactInteger(micros);
}

/**
 * TIMESTAMP → io.debezium.time.ZonedTimestamp: ISO-8601 in UTC. The fraction has as many digits
 * as it needs (none for whole seconds), as Java's ISO_OFFSET_DATE_TIME prints it.
 */
export function decodeTimestamp(column: ColumnSchema, value: unknown): string | null {
  const parts = parseDateTime(column, value);
  if (!parts) return zeroDate(column, EPOCH_ISO);
  const date = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  const s = parts.seconds;
  const time = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  const fraction = parts.micros === 0 ? '' : `.${pad(parts.micros, 6).replace(/0+$/, '')}`;
  return `${date}T${time}${fraction}Z`;
}

/** TIME → io.debezium.time.MicroTime: signed microseconds (MySQL TIME is a duration, ±838 h). */
export function decodeTime(column: ColumnSchema, value: unknown): number {
  const match = typeof value === 'string' ? TIME.exec(value) : null;
  if (!match) throw decodeError(column, `expected a TIME string, got ${typeof value}`);
  const [, sign, h, m, s, fraction] = match;
  const micros =
    timeSeconds(Number(h), Number(m), Number(s)) * 1_000_000 + fractionMicros(fraction);
  return sign ? -micros : micros;
}

/**
 * A negative TIME(n) without fraction is stored as the 24-bit two's complement of its packed
 * hour(10 bits):minute(6):second(6) fields; zongji 0.9 reads the one's complement and adds the
 * missing 1 to the seconds field without carrying it, so '-01:00:00' arrives as '-00:63:64'. A
 * seconds field of 64 (never a real value) is put back through the packed form, carry included.
 */
function timeSeconds(hours: number, minutes: number, seconds: number): number {
  if (seconds < 64) return hours * 3600 + minutes * 60 + seconds;
  const packed = hours * 4096 + minutes * 64 + seconds;
  return Math.floor(packed / 4096) * 3600 + (Math.floor(packed / 64) % 64) * 60 + (packed % 64);
}

/** YEAR → io.debezium.time.Year. zongji reads the stored 0 of YEAR '0000' as 1900+0. */
export function decodeYear(column: ColumnSchema, value: unknown): number {
  if (typeof value !== 'number') throw decodeError(column, `expected a year, got ${typeof value}`);
  return value === 1900 ? 0 : value;
}

/** Parts of a DATE/DATETIME/TIMESTAMP, or undefined for a zero date ('0000-00-00', '2020-00-01'). */
function parseDateTime(column: ColumnSchema, value: unknown): Parts | undefined {
  if (value instanceof Date) return fromDate(value);
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) throw decodeError(column, `expected a date-time string, got ${typeof value}`);
  const [, year, month, day, h = '0', m = '0', s = '0', fraction] = match;
  if (Number(month) === 0 || Number(day) === 0) return undefined;
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    seconds: Number(h) * 3600 + Number(m) * 60 + Number(s),
    micros: fractionMicros(fraction),
  };
}

/** A Date from a reader without ZONGJI_DECODE_OPTIONS: millisecond precision, read as UTC. */
function fromDate(date: Date): Parts | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    seconds: date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds(),
    micros: date.getUTCMilliseconds() * 1000,
  };
}

/** Debezium: a zero date is null in a nullable column, the epoch in a NOT NULL one. */
function zeroDate<T>(column: ColumnSchema, epoch: T): T | null {
  return column.nullable ? null : epoch;
}

function epochMicros(parts: Parts): bigint {
  const days = BigInt(daysFromCivil(parts.year, parts.month, parts.day));
  return days * MICROS_PER_DAY + BigInt(parts.seconds) * 1_000_000n + BigInt(parts.micros);
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fractionMicros(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(6, '0')) : 0;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
