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

export function isRetriable(err: unknown): boolean {
  return err instanceof FicusError ? err.retriable : false;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
