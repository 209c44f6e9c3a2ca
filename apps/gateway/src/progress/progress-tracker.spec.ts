import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryProgressStore } from './memory-progress-store';
import type { EndpointProgress, ProgressStore } from './progress';
import { ProgressTracker, type AnsweredRequest } from './progress-tracker';

const hit = (path: string, change: Partial<AnsweredRequest> = {}): AnsweredRequest => ({
  route: 'patients-read',
  pattern: undefined,
  method: 'GET',
  path,
  side: 'legacy',
  unrouted: false,
  failedOpen: false,
  ...change,
});

const find = (rows: EndpointProgress[], template: string, method = 'GET') =>
  rows.find((r) => r.template === template && r.method === method);

describe('progress tracker', () => {
  it('counts per endpoint template and side, with the last hit of each side', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tracker = new ProgressTracker(new MemoryProgressStore(), {
      maxEndpoints: 100,
      now: () => now,
    });
    tracker.record(hit('/api/patients/1'));
    now = new Date('2026-01-01T00:01:00Z');
    tracker.record(hit('/api/patients/2?x=1', { side: 'new' }));
    tracker.record(hit('/api/patients/3/merge', { method: 'POST', unrouted: true }));
    await tracker.flush();
    now = new Date('2026-01-01T00:02:00Z');
    tracker.record(hit('/api/patients/4', { failedOpen: true }));
    const rows = tracker.endpoints();
    const read = find(rows, '/api/patients/:id')!;
    assert.deepEqual(
      [
        read.legacy,
        read.new,
        read.failOpen,
        read.lastLegacy?.toISOString(),
        read.lastNew?.toISOString(),
      ],
      [2, 1, 1, '2026-01-01T00:02:00.000Z', '2026-01-01T00:01:00.000Z'],
    );
    assert.equal(read.firstHit.toISOString(), '2026-01-01T00:00:00.000Z');
    const merge = find(rows, '/api/patients/:id/merge', 'POST')!;
    assert.deepEqual([merge.unrouted, merge.legacy], [1, 1]);
    assert.equal(rows.length, 2, 'no path as sent is kept');
  });

  it('caps the endpoints: past the cap, new paths count as their route and method (other)', async () => {
    const tracker = new ProgressTracker(new MemoryProgressStore(), { maxEndpoints: 10 });
    for (let i = 0; i < 5000; i++)
      tracker.record(
        hit(
          `/junk-${'abcdefghij'[i % 10]}x/w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) % 26))}`,
        ),
      );
    tracker.record(hit('/weird', { method: 'BREW' }));
    await tracker.flush();
    for (let i = 0; i < 1000; i++) tracker.record(hit(`/more/${'q'.repeat(1 + (i % 30))}z`));
    const rows = tracker.endpoints();
    assert.ok(rows.length <= 12, `${rows.length} rows`);
    const other = rows.filter((r) => r.template === '(other)');
    assert.ok(other.length >= 1);
    const total = rows.reduce((n, r) => n + r.legacy, 0);
    assert.equal(total, 6001, 'every request is counted somewhere');
    assert.ok(rows.every((r) => ['GET', 'OTHER'].includes(r.method)));
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    const memory = new MemoryProgressStore();
    let fail = true;
    const store: ProgressStore = {
      persistent: true,
      add: (deltas) => (fail ? Promise.reject(new Error('down')) : memory.add(deltas)),
      endpoints: (limit) => memory.endpoints(limit),
      countingSince: () => memory.countingSince(),
      close: () => Promise.resolve(),
    };
    const tracker = new ProgressTracker(store, { maxEndpoints: 100 });
    tracker.record(hit('/api/patients/1'));
    await tracker.flush();
    tracker.record(hit('/api/patients/2'));
    assert.equal(find(tracker.endpoints(), '/api/patients/:id')!.legacy, 2);
    fail = false;
    await tracker.flush();
    assert.equal(find(await memory.endpoints(10), '/api/patients/:id')!.legacy, 2);
    assert.equal(find(tracker.endpoints(), '/api/patients/:id')!.legacy, 2, 'not counted twice');
  });
});
