import type { ConnectionOptions } from 'mysql2';
import { ZONGJI_DECODE_OPTIONS } from '../decode/zongji-options';

/**
 * Row values must arrive in the same JavaScript shapes from the binlog (zongji follows the
 * connection's options) and from snapshot SELECTs, or a snapshot row and a streamed row of the same
 * data would decode differently. Every connection that reads rows takes these options.
 */
export const ROW_VALUE_OPTIONS = {
  ...ZONGJI_DECODE_OPTIONS,
  // 64-bit integers: a Number when exact, else a string (what zongji yields for the binlog).
  supportBigNumbers: true,
  bigNumberStrings: false,
} as const satisfies ConnectionOptions;

/** mysql2 options from a mysql:// URL, with the shared row-value options. */
export function rowConnectionOptions(mysqlUrl: string): ConnectionOptions {
  const url = new URL(mysqlUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...(database ? { database } : {}),
    ...ROW_VALUE_OPTIONS,
  };
}

/** The URL with its password hidden, for logs and errors. */
export function redactUrl(mysqlUrl: string): string {
  const url = new URL(mysqlUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
