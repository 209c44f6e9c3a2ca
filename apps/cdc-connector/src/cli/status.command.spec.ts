import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectorStatus, StoredOffset } from '@ficus/cdc';
import { formatStatus } from './status.command';

const offset: StoredOffset = {
  file: 'binlog.000004',
  pos: 1201,
  gtid: null,
  gtidSet: '0-1-5',
  eventsToSkip: 0,
  rowsToSkip: 0,
  snapshotCompleted: true,
  tsMs: 0,
};

function status(position: StoredOffset): ConnectorStatus {
  return {
    serverName: 'clinic',
    state: 'streaming',
    transport: 'kafka',
    position,
    lastChangeTsMs: null,
    lagMs: { p50: null, p99: null, samples: 0 },
    bufferedRecords: 0,
    binlogPaused: false,
    error: null,
  };
}

const positionLine = (s: ConnectorStatus) =>
  formatStatus(s)
    .split('\n')
    .find((l) => l.startsWith('position'));

describe('formatStatus', () => {
  it('shows where a restart reads from while a prepared XA transaction is held', () => {
    assert.equal(
      positionLine(status({ ...offset, preparedXaFrom: { file: 'binlog.000003', pos: 647 } })),
      'position   binlog.000004:1201, gtid 0-1-5; holds a prepared XA transaction from ' +
        'binlog.000003:647 (a restart reads from there)',
    );
  });

  it('shows the position alone when nothing is held', () => {
    assert.equal(
      positionLine(status({ ...offset, preparedXaFrom: null })),
      'position   binlog.000004:1201, gtid 0-1-5',
    );
  });
});
