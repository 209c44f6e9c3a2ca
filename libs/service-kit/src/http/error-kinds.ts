import { QueryFailedError } from 'typeorm';

/** InnoDB gave up waiting for a row lock; the transaction was rolled back and can be retried. */
export function isLockContention(err: unknown): boolean {
  const driver: unknown = err instanceof QueryFailedError ? err.driverError : err;
  if (typeof driver !== 'object' || driver === null || !('code' in driver)) return false;
  return driver.code === 'ER_LOCK_DEADLOCK' || driver.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** A driver error's message and SQL can quote row values, so only its codes are ever logged. */
export function describeForLog(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { kind: typeof err };
  const driver: unknown = err instanceof QueryFailedError ? err.driverError : err;
  if (typeof driver === 'object' && driver !== null && 'sqlState' in driver) {
    const { code, errno, sqlState } = driver as {
      code?: unknown;
      errno?: unknown;
      sqlState?: unknown;
    };
    return { kind: 'sql', code, errno, sqlState };
  }
  if (err instanceof Error)
    return { name: err.name, code: (err as { code?: unknown }).code, stack: err.stack };
  return { kind: 'unknown' };
}
