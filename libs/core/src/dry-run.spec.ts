import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedUnlessDryRun, writeOptionsOf } from './dry-run';

/** A transaction that records how it ended, as a driver's would: commit on resolve, rollback on throw. */
function recordingTransaction() {
  const ends: string[] = [];
  const transaction = async <R>(work: (tx: string) => Promise<R>): Promise<R> => {
    try {
      const result = await work('tx');
      ends.push('commit');
      return result;
    } catch (err) {
      ends.push('rollback');
      throw err;
    }
  };
  return { ends, transaction };
}

describe('committedUnlessDryRun', () => {
  it('commits a write and returns its result', async () => {
    const { ends, transaction } = recordingTransaction();
    assert.equal(await committedUnlessDryRun(transaction, () => Promise.resolve(42), false), 42);
    assert.deepEqual(ends, ['commit']);
  });

  it('rolls a dry run back and still returns what the work computed', async () => {
    const { ends, transaction } = recordingTransaction();
    const result = await committedUnlessDryRun(transaction, () => Promise.resolve({ id: 7 }), true);
    assert.deepEqual(result, { id: 7 });
    assert.deepEqual(ends, ['rollback']);
  });

  it("passes the work's own refusal on, dry or not, having rolled back", async () => {
    for (const dryRun of [false, true]) {
      const { ends, transaction } = recordingTransaction();
      const refusal = new Error('slot taken');
      await assert.rejects(
        committedUnlessDryRun(transaction, () => Promise.reject(refusal), dryRun),
        (err) => err === refusal,
      );
      assert.deepEqual(ends, ['rollback']);
    }
  });

  it('rolls nested dry runs back innermost first, the result reaching the outer caller', async () => {
    const outer = recordingTransaction();
    const inner = recordingTransaction();
    const result = await committedUnlessDryRun(
      outer.transaction,
      async () => {
        const value = await committedUnlessDryRun(
          inner.transaction,
          () => Promise.resolve('booked'),
          true,
        );
        assert.deepEqual(inner.ends, ['rollback'], 'the inner one ended before the outer one');
        assert.deepEqual(outer.ends, []);
        return value;
      },
      true,
    );
    assert.equal(result, 'booked');
    assert.deepEqual(outer.ends, ['rollback']);
  });
});

describe('writeOptionsOf', () => {
  it('asks for a dry run only when x-ficus-shadow is 1', () => {
    assert.deepEqual(writeOptionsOf('1'), { dryRun: true });
    assert.deepEqual(writeOptionsOf(' 1 '), { dryRun: true });
    for (const other of [undefined, '', '0', 'true', '11']) {
      assert.deepEqual(writeOptionsOf(other), { dryRun: false }, String(other));
    }
  });
});
