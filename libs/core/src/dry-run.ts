/**
 * The gateway marks the copy of a write it sends in shadow mode with `x-ficus-shadow: 1`: a
 * service must answer what it would have answered, having written nothing (docs/gateway.md).
 */
export const SHADOW_HEADER = 'x-ficus-shadow';

/**
 * A write request applied, or (dryRun, asked for with `x-ficus-shadow: 1`) validated and computed
 * on every side, then rolled back: nothing stored, nothing in any binlog, so nothing synced or
 * published.
 */
export interface WriteOptions {
  dryRun: boolean;
}

export const APPLY: WriteOptions = { dryRun: false };

/** The options a request asks for with its `x-ficus-shadow` header (`1`: a dry run). */
export function writeOptionsOf(shadow: string | undefined): WriteOptions {
  return { dryRun: shadow?.trim() === '1' };
}

/** Thrown at the end of a dry run's work so that its transaction rolls back; carries the result. */
class DryRunRollback extends Error {
  constructor(readonly result: unknown) {
    super('dry run: rolled back on purpose');
  }
}

/**
 * Runs `work` in `transaction` (commit when the work resolves, rollback when it throws). On a dry
 * run the transaction is rolled back after the work completed, and the work's result is returned
 * as if it had been committed: InnoDB writes a transaction to the binlog only at commit, so
 * nothing of it is ever captured. Nested dry runs (one transaction's work opening another) roll
 * back innermost first, each returning the result to the one around it.
 */
export async function committedUnlessDryRun<C, T>(
  transaction: <R>(work: (tx: C) => Promise<R>) => Promise<R>,
  work: (tx: C) => Promise<T>,
  dryRun: boolean,
): Promise<T> {
  if (!dryRun) return transaction(work);
  try {
    return await transaction<T>(async (tx) => {
      throw new DryRunRollback(await work(tx));
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.result as T;
    throw err;
  }
}
