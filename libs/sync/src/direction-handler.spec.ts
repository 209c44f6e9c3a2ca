import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import { FicusError } from '@ficus/core';
import type { RowChange } from './change-records';
import { directionHandler } from './direction-handler';

function record(table: string, op: string, id: number): ChangeRecord {
  return {
    topic: 't',
    key: { id },
    value: { op, before: null, after: { id }, source: { db: 'legacy', table } } as never,
    headers: {},
    position: { file: 'binlog.000001', pos: 4, gtid: null, eventsToSkip: 0, rowsToSkip: 0 },
    partitionKey: String(id),
  };
}

describe('directionHandler', () => {
  it('applies the captured tables’ row changes in order and counts only those applied', async () => {
    const seen: number[] = [];
    let applied = 0;
    const handler = directionHandler(
      'legacy → service',
      ['legacy.CUST_MST', 'legacy.ORD_TRN'],
      (change: RowChange) => {
        const id = Number(change.after?.id);
        seen.push(id);
        return Promise.resolve(id === 3 ? 'ignored' : 'applied');
      },
      () => applied++,
    );
    await handler([
      record('CUST_MST', 'c', 1),
      record('PROD_MST', 'c', 9),
      record('ORD_TRN', 'u', 2),
      record('CUST_MST', 't', 8),
      record('ORD_TRN', 'd', 3),
    ]);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(applied, 2);
  });

  it('keeps a refusal’s own verdict and makes any other failure a retriable sync error', async () => {
    const refusal = new FicusError('FICUS_ACL_INVALID', 'CUST_DOB: expected YYYYMMDD');
    const refuse = directionHandler(
      'legacy → service',
      ['legacy.CUST_MST'],
      () => Promise.reject(refusal),
      () => undefined,
    );
    await assert.rejects(refuse([record('CUST_MST', 'c', 1)]), (err) => err === refusal);

    const lost = directionHandler(
      'service → legacy',
      ['legacy.CUST_MST'],
      () => Promise.reject(new Error('read ECONNRESET')),
      () => undefined,
    );
    await assert.rejects(
      lost([record('CUST_MST', 'u', 1)]),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_SYNC_WRITE_FAILED' &&
        err.retriable &&
        err.message.includes('service → legacy') &&
        err.message.includes('ECONNRESET'),
    );
  });
});
