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
 * nothing of it is ever captured.
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
