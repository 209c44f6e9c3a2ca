import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@ficus/core';
import { readSchedulingConfig } from './scheduling-config';

describe('readSchedulingConfig', () => {
  it('reads the database URL and defaults the port and host', () => {
    assert.deepEqual(
      readSchedulingConfig({ SCHEDULING_DATABASE_URL: 'mysql://root@127.0.0.1:3407/scheduling' }),
      { databaseUrl: 'mysql://root@127.0.0.1:3407/scheduling', port: 8083, host: '127.0.0.1' },
    );
  });

  it('names the variable that is missing or wrong, and how to fix it', () => {
    assert.throws(
      () => readSchedulingConfig({}),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'FICUS_SCHEDULING_BAD_ENV' &&
        err.message.includes('SCHEDULING_DATABASE_URL is required'),
    );
    assert.throws(
      () =>
        readSchedulingConfig({
          SCHEDULING_DATABASE_URL: 'mysql://root@127.0.0.1:3407/scheduling',
          SCHEDULING_PORT: '70000',
        }),
      /SCHEDULING_PORT must be a TCP port number/,
    );
  });

  it('turns the sync on with a clinic URL, with replica ids apart from the patients service’s', () => {
    const base = { SCHEDULING_DATABASE_URL: 'mysql://root@127.0.0.1:3407/scheduling' };
    assert.equal(
      readSchedulingConfig({ ...base, SCHEDULING_LEGACY_DATABASE_URL: '' }).legacySync,
      undefined,
    );
    assert.deepEqual(
      readSchedulingConfig({
        ...base,
        SCHEDULING_LEGACY_DATABASE_URL: 'mysql://sync:s@127.0.0.1:3407/clinic',
      }).legacySync,
      {
        legacyDatabaseUrl: 'mysql://sync:s@127.0.0.1:3407/clinic',
        inboundServerId: 5421,
        writeBackServerId: 5422,
        systemOfRecord: 'legacy',
      },
    );
    assert.throws(
      () =>
        readSchedulingConfig({
          ...base,
          SCHEDULING_LEGACY_DATABASE_URL: 'mysql://sync:s@127.0.0.1:3407/clinic',
          SCHEDULING_SYNC_SERVER_ID: '7',
          SCHEDULING_WRITEBACK_SERVER_ID: '7',
        }),
      /SCHEDULING_WRITEBACK_SERVER_ID must differ from SCHEDULING_SYNC_SERVER_ID/,
    );
    assert.throws(
      () => readSchedulingConfig({ ...base, SCHEDULING_SYSTEM_OF_RECORD: 'clinic' }),
      /SCHEDULING_SYSTEM_OF_RECORD must be 'legacy'/,
    );
  });
});
