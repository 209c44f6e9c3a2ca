import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FicusError } from '@ficus/core';
import { syncServerIds } from './sample.command';

describe('syncServerIds', () => {
  it('gives the patients and scheduling connectors four distinct replica ids by default', () => {
    assert.deepEqual(syncServerIds({}), {
      patients: { sync: 5411, writeBack: 5412 },
      scheduling: { sync: 5421, writeBack: 5422 },
    });
  });

  it('takes each from the environment, write-back next to its sync unless set', () => {
    assert.deepEqual(
      syncServerIds({ PATIENTS_SYNC_SERVER_ID: '20000', SCHEDULING_SYNC_SERVER_ID: '20002' }),
      {
        patients: { sync: 20000, writeBack: 20001 },
        scheduling: { sync: 20002, writeBack: 20003 },
      },
    );
    assert.equal(
      syncServerIds({ SCHEDULING_WRITEBACK_SERVER_ID: '9000' }).scheduling.writeBack,
      9000,
    );
  });

  it('refuses ids that collide, or that are not replica ids, naming the variable', () => {
    assert.throws(
      () => syncServerIds({ SCHEDULING_SYNC_SERVER_ID: '5412' }),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_SAMPLE_SERVER_ID' &&
        err.message.includes('patients 5411/5412 and scheduling 5412/5413'),
    );
    assert.throws(
      () => syncServerIds({ PATIENTS_SYNC_SERVER_ID: '0' }),
      /PATIENTS_SYNC_SERVER_ID is "0"; it must be a replica server id/,
    );
  });
});
