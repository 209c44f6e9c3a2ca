import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CdcConnector, ConnectorStatus } from '@ficus/cdc';
import { createLogger } from '@ficus/core';
import { SyncRunner } from './sync-runner';

/** A stand-in for CdcConnector: starts or refuses to, and fails or stops when told. */
class FakeConnector {
  state: ConnectorStatus['state'] = 'created';
  private settle!: { resolve: () => void; reject: (err: Error) => void };
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(private readonly refuse?: Error) {
    this.done.catch(() => undefined);
  }

  start(): Promise<void> {
    if (this.refuse) {
      this.state = 'failed';
      return Promise.reject(this.refuse);
    }
    this.state = 'streaming';
    return Promise.resolve();
  }

  fail(err: Error): void {
    this.state = 'failed';
    this.settle.reject(err);
  }

  stop(): Promise<void> {
    this.state = 'stopped';
    this.settle.resolve();
    return Promise.resolve();
  }

  status(): Promise<Partial<ConnectorStatus>> {
    return Promise.resolve({
      state: this.state,
      position: null,
      lagMs: { p50: 1, p99: 2, samples: 1 },
    });
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'the condition never held');
}

describe('SyncRunner', () => {
  it('starts again after a failed start and after a failure mid-stream, and stops for good', async () => {
    const made: FakeConnector[] = [];
    const script = [
      new FakeConnector(new Error('FICUS_CDC_GRANTS_MISSING: grant it')),
      new FakeConnector(),
      new FakeConnector(),
    ];
    const runner = new SyncRunner({
      connect: () => {
        const next = script[made.length] ?? new FakeConnector();
        made.push(next);
        return Promise.resolve(next as unknown as CdcConnector);
      },
      logger: createLogger('sync-runner-spec', { level: 'silent' }),
      backoff: { initialMs: 1, maxMs: 2 },
    });
    await runner.start();
    await until(() => made.length === 2 && made[1]!.state === 'streaming');
    let status = await runner.status();
    assert.deepEqual(
      [status.state, status.snapshotCompleted, status.restarts],
      ['streaming', true, 1],
    );
    assert.equal(status.error, null, 'a successful start clears the last error');

    made[1]!.fail(new Error('FICUS_CDC_DELIVERY: offsets table down'));
    await until(() => made.length === 3 && made[2]!.state === 'streaming');
    status = await runner.status();
    assert.equal(status.restarts, 2);

    await runner.stop();
    assert.equal(made[2]!.state, 'stopped');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(made.length, 3, 'nothing starts after stop()');
  });

  it('reports a connector that cannot start as restarting, with its error, not ready', async () => {
    const runner = new SyncRunner({
      connect: () =>
        Promise.resolve(
          new FakeConnector(
            new Error('FICUS_CDC_BINLOG_SETTINGS: set ROW'),
          ) as unknown as CdcConnector,
        ),
      logger: createLogger('sync-runner-spec', { level: 'silent' }),
      backoff: { initialMs: 50, maxMs: 50 },
    });
    await runner.start();
    const status = await runner.status();
    await runner.stop();
    assert.deepEqual([status.state, status.snapshotCompleted], ['restarting', false]);
    assert.match(status.error ?? '', /^FICUS_CDC_BINLOG_SETTINGS/);
  });
});
