import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import { XaHoldStore, type HeldRecords } from './held-records';

const parent = mkdtempSync(join(tmpdir(), 'held-records-spec-'));
after(() => rmSync(parent, { recursive: true, force: true }));

/** A change record as the event builder makes one: nested values, strings, numbers, nulls. */
const record = (id: number): ChangeRecord =>
  ({
    topic: 'clinic.clinic.appointment',
    key: { id },
    value: {
      before: null,
      after: { id, starts_at: 1_767_225_600_000 + id, note: `slot "${id}"\n`, room: null },
      op: 'c',
      ts_ms: 5,
    },
    headers: { 'ficus-idempotency-key': `0-1-9:${id}` },
    position: { file: 'binlog.000002', pos: 400, gtid: '0-1-9', eventsToSkip: 0, rowsToSkip: 0 },
    partitionKey: String(id),
  }) as unknown as ChangeRecord;

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function readAll(held: HeldRecords, size: number): Promise<ChangeRecord[][]> {
  const chunks: ChangeRecord[][] = [];
  for await (const chunk of held.chunks(size)) chunks.push(chunk);
  return chunks;
}

const spillFiles = () =>
  readdirSync(parent)
    .filter((d) => d.startsWith('ficus-cdc-xa-'))
    .flatMap((d) => readdirSync(join(parent, d)));

describe('XaHoldStore and HeldRecords', () => {
  it('keeps a transaction within the bound in memory and reads it back in chunks, in order', async () => {
    const store = new XaHoldStore({ maxInMemory: 10, parentDir: parent });
    const held = store.create();
    held.push(...ids(1, 4).map(record));
    held.push(...ids(5, 3).map(record));
    assert.deepEqual([held.length, held.spilled, store.heldInMemory], [7, 0, 7]);
    const chunks = await readAll(held, 3);
    assert.deepEqual(
      chunks.map((c) => c.map((r) => r.key?.id)),
      [[1, 2, 3], [4, 5, 6], [7]],
    );
    held.release();
    assert.equal(store.heldInMemory, 0);
    store.close();
  });

  it('spills what goes beyond the bound to a file and gives every record back, in binlog order', async () => {
    const store = new XaHoldStore({ maxInMemory: 5, parentDir: parent });
    const held = store.create();
    held.push(...ids(1, 4).map(record));
    held.push(...ids(5, 4).map(record)); // 4 + 4 > 5: this batch and every later one go to disk
    held.push(record(9));
    assert.deepEqual([held.length, held.spilled, store.heldInMemory], [9, 5, 4]);
    assert.equal(spillFiles().length, 1);
    const all = (await readAll(held, 4)).flat();
    assert.deepEqual(
      all.map((r) => r.key?.id),
      ids(1, 9),
    );
    assert.deepEqual(all[6], record(7), 'a spilled record reads back equal to what was held');
    held.release();
    assert.deepEqual([spillFiles().length, store.heldInMemory, held.length], [0, 0, 0]);
    store.close();
  });

  it('shares the bound among transactions and gives memory back when one ends', () => {
    const store = new XaHoldStore({ maxInMemory: 6, parentDir: parent });
    const a = store.create();
    const b = store.create();
    a.push(...ids(1, 5).map(record));
    b.push(...ids(6, 2).map(record));
    assert.deepEqual([a.spilled, b.spilled], [0, 2], 'b found only one free slot for two records');
    a.release();
    const c = store.create();
    c.push(...ids(8, 6).map(record));
    assert.equal(c.spilled, 0, "a's memory is free again");
    b.push(record(20));
    assert.equal(b.spilled, 3, 'a transaction that spilled keeps spilling, so its order holds');
    store.close();
  });

  it('removes every spill file when the store closes (the session ends)', () => {
    const store = new XaHoldStore({ maxInMemory: 0, parentDir: parent });
    store.create().push(record(1));
    store.create().push(record(2));
    assert.equal(spillFiles().length, 2);
    store.close();
    assert.equal(spillFiles().length, 0);
    assert.ok(!readdirSync(parent).some((d) => d.startsWith('ficus-cdc-xa-')));
  });

  it('makes no directory while nothing spills', () => {
    const store = new XaHoldStore({ maxInMemory: 100, parentDir: parent });
    store.create().push(record(1));
    store.close();
    assert.ok(!readdirSync(parent).some((d) => d.startsWith('ficus-cdc-xa-')));
    assert.ok(existsSync(parent));
  });
});
