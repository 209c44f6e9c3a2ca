/**
 * One error tree for all of Ficus. Every error has a stable `code` that scripts and dashboards can
 * match on, says whether retrying can help, and keeps the error that caused it.
 */
export interface FicusErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Extra, non-sensitive context (ports, file names, positions). Never row values. */
  details?: Record<string, unknown>;
}

export class FicusError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: FicusErrorOptions = {}) {
    super(
      `${code}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

/** A configuration problem: fails at start, never retried. */
export class ConfigError extends FicusError {
  constructor(code: string, message: string, options: Omit<FicusErrorOptions, 'retriable'> = {}) {
    super(code, message, { ...options, retriable: false });
  }
}

/** A missing tool or an infrastructure process that would not start. */
export class InfraError extends FicusError {}

/**
 * Failures of the network or of the database server that a later attempt can outlive, by the
 * code Node (errno names, https://nodejs.org/api/errors.html#common-system-errors) or mysql2
 * gives them.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/**
 * MariaDB/MySQL server error numbers that say "not now" rather than "never":
 * https://mariadb.com/kb/en/mariadb-error-code-reference/
 */
const TRANSIENT_SERVER_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR: too many connections
  1053, // ER_SERVER_SHUTDOWN
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1927, // ER_CONNECTION_KILLED (MariaDB)
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
]);

/**
 * The one answer to "can retrying help?". A FicusError says so itself. Any other error is not
 * retriable unless it, or an error in its `cause` chain, is a known transient network or server
 * failure: an unknown error (a TypeError, a bug) fails at once instead of being retried.
 */
export function isRetriable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    if (e instanceof FicusError) return e.retriable;
    if (isTransient(e)) return true;
  }
  return false;
}

function isTransient(err: Error): boolean {
  const { code, errno } = err as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  return typeof errno === 'number' && TRANSIENT_SERVER_ERRNOS.has(errno);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
