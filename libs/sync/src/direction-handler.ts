import type { ChangeHandler } from '@ficus/cdc';
import { rowChangeOf, type RowChange } from './change-records';
import { syncFailure } from './sync-failure';

/**
 * Applies one row change of a table its connector captures. 'ignored': the change is not one this
 * direction carries (it is not counted). A FicusError that is not retriable dead-letters the
 * change; any other error is retried.
 */
export type SyncChangeApplier = (change: RowChange) => Promise<'applied' | 'ignored'>;

/**
 * The connector's handler for one direction: the row changes of `tables` (`db.table`), one at a
 * time in binlog order (each applier relies on it), everything else passed over. A failure leaves
 * as syncFailure judges it, so the connector dead-letters a refused row and retries the rest.
 */
export function directionHandler(
  label: string,
  tables: readonly string[],
  apply: SyncChangeApplier,
  onApplied: () => void,
): ChangeHandler {
  const captured = new Set(tables);
  return async (records) => {
    for (const record of records) {
      const change = rowChangeOf(record, captured);
      if (!change) continue;
      let outcome: 'applied' | 'ignored';
      try {
        outcome = await apply(change);
      } catch (err) {
        throw syncFailure(err, label);
      }
      if (outcome === 'applied') onApplied();
    }
  };
}
