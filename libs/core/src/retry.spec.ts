import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, FicusError, isRetriable } from './errors';
import { retry } from './retry';

const systemError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
const serverError = (errno: number): Error =>
  Object.assign(new Error(`server error ${errno}`), { errno, code: 'ER_SOMETHING' });

/** Runs retry() over failures that then succeed, and says how many attempts it took. */
async function attempts(
  failures: Error[],
  retries = 5,
): Promise<number | { threw: unknown; calls: number }> {
  let calls = 0;
  try {
    await retry(
      () => {
        const failure = failures[calls++];
        return failure === undefined ? Promise.resolve('ok') : Promise.reject(failure);
      },
      { retries, initialDelayMs: 1, maxDelayMs: 2 },
    );
    return calls;
  } catch (err) {
    return { threw: err, calls };
  }
}

describe('isRetriable', () => {
  it('takes a FicusError at its word', () => {
    assert.equal(isRetriable(new FicusError('X', 'down', { retriable: true })), true);
    assert.equal(isRetriable(new FicusError('X', 'refused')), false);
    assert.equal(isRetriable(new ConfigError('X', 'bad config')), false);
  });

  it('calls an unknown error not retriable: a bug fails at once', () => {
    assert.equal(
      isRetriable(new TypeError("Cannot read properties of undefined (reading 'x')")),
      false,
    );
    assert.equal(isRetriable(new Error('something else')), false);
    assert.equal(isRetriable('a string'), false);
    assert.equal(isRetriable(undefined), false);
  });

  it('calls network failures and transient server errors retriable, through their causes', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST'])
      assert.equal(isRetriable(systemError(code)), true, code);
    for (const errno of [1205, 1213, 2006, 2013])
      assert.equal(isRetriable(serverError(errno)), true, String(errno));
    assert.equal(isRetriable(serverError(1146)), false, 'a missing table stays missing');
    const wrapped = new Error('query failed', { cause: systemError('ECONNRESET') });
    assert.equal(isRetriable(wrapped), true);
  });

  it('lets a FicusError that classified a transient cause as final have the last word', () => {
    const final = new FicusError('X', 'gave up', { cause: systemError('ECONNREFUSED') });
    assert.equal(isRetriable(final), false);
  });

  it('survives an error that is its own cause', () => {
    const loop = new Error('loop');
    (loop as { cause?: unknown }).cause = loop;
    assert.equal(isRetriable(loop), false);
  });
});

describe('retry', () => {
  it('does not retry an unknown error', async () => {
    const bug = new TypeError('x is not a function');
    assert.deepEqual(await attempts([bug]), { threw: bug, calls: 1 });
  });

  it('retries a transient failure until it succeeds', async () => {
    assert.equal(await attempts([systemError('ECONNREFUSED'), serverError(2013)]), 3);
  });

  it('stops after the given number of attempts', async () => {
    const down = new FicusError('X', 'down', { retriable: true });
    assert.deepEqual(await attempts([down, down, down, down], 3), { threw: down, calls: 3 });
  });

  it('follows shouldRetry when given', async () => {
    let calls = 0;
    const result = await retry(
      () => (calls++ === 0 ? Promise.reject(new Error('odd')) : Promise.resolve('ok')),
      { retries: 3, initialDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true },
    );
    assert.deepEqual([result, calls], ['ok', 2]);
  });
});
