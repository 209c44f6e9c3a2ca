import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '@ficus/contracts';
import { FicusError, isRetriable } from '@ficus/core';
import { JsonLinesSink } from './json-lines-sink';

const record = (id: unknown): ChangeRecord => ({
  topic: 'app.shop.orders',
  key: { id },
  value: null,
  headers: { 'ficus-idempotency-key': `k${String(id)}` },
  position: { file: 'binlog.000001', pos: 4, gtid: null, eventsToSkip: 0, rowsToSkip: 0 },
  partitionKey: String(id),
});

/** A standard output that keeps what it is given, or fails every write. */
class Output extends Writable {
  text = '';
  constructor(private readonly failWith?: NodeJS.ErrnoException) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.failWith) return done(this.failWith);
    this.text += chunk.toString();
    done();
  }
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; retriable: boolean }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FicusError, String(err));
    return { code: err.code, retriable: isRetriable(err) };
  }
  return assert.fail('no error');
}

describe('JSON-lines sink', () => {
  it('writes one line per record: topic, key, value, headers', async () => {
    const stdout = new Output();
    const sink = new JsonLinesSink({ kind: 'jsonl', path: '-' }, { stdout });
    await sink.start();
    await sink.deliver([record(1), record(2)]);
    assert.equal(
      stdout.text,
      '{"topic":"app.shop.orders","key":{"id":1},"value":null,"headers":{"ficus-idempotency-key":"k1"}}\n' +
        '{"topic":"app.shop.orders","key":{"id":2},"value":null,"headers":{"ficus-idempotency-key":"k2"}}\n',
    );
  });

  it('refuses a batch holding a record JSON cannot carry, writing none of it, so it can be dead-lettered', async () => {
    const stdout = new Output();
    const sink = new JsonLinesSink({ kind: 'jsonl', path: '-' }, { stdout });
    await sink.start();
    assert.deepEqual(await codeOf(sink.deliver([record(1), record(10n)])), {
      code: 'FICUS_CDC_JSONL_UNSERIALIZABLE',
      retriable: false,
    });
    assert.equal(stdout.text, '');
    await sink.deliver([record(1)]);
    assert.match(stdout.text, /"id":1/);
  });

  it('after a failed write, refuses every later batch without writing', async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const sink = new JsonLinesSink({ kind: 'jsonl', path: '-' }, { stdout: new Output(epipe) });
    await sink.start();
    const first = await codeOf(sink.deliver([record(1)]));
    assert.deepEqual(first, { code: 'FICUS_CDC_JSONL_WRITE_FAILED', retriable: false });
    assert.deepEqual(await codeOf(sink.deliver([record(2)])), first);
  });

  it('refuses to write to its file once stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ficus-jsonl-unit-'));
    try {
      const path = join(dir, 'events.jsonl');
      const sink = new JsonLinesSink({ kind: 'jsonl', path });
      await sink.start();
      await sink.deliver([record(1)]);
      await sink.stop();
      assert.equal((await codeOf(sink.deliver([record(2)]))).code, 'FICUS_CDC_NOT_STARTED');
      assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
