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

  const base = { SCHEDULING_DATABASE_URL: 'mysql://root@127.0.0.1:3407/scheduling' };
  const clinic = 'mysql://sync:secret@127.0.0.1:3407/clinic';

  it('turns the clinic on with SCHEDULING_LEGACY_DATABASE_URL, in the legacy phase by default', () => {
    assert.deepEqual(
      readSchedulingConfig({ ...base, SCHEDULING_LEGACY_DATABASE_URL: clinic }).legacySync,
      {
        legacyDatabaseUrl: clinic,
        inboundServerId: 5421,
        writeBackServerId: 5422,
        systemOfRecord: 'legacy',
      },
    );
    assert.deepEqual(
      readSchedulingConfig({
        ...base,
        SCHEDULING_LEGACY_DATABASE_URL: clinic,
        SCHEDULING_SYSTEM_OF_RECORD: 'service',
      }).legacySync,
      {
        legacyDatabaseUrl: clinic,
        inboundServerId: 5421,
        writeBackServerId: 5422,
        systemOfRecord: 'service',
      },
    );
  });

  it('runs on its own without a clinic, unless the legacy phase is asked for explicitly', () => {
    assert.equal(readSchedulingConfig(base).legacySync, undefined);
    assert.equal(
      readSchedulingConfig({ ...base, SCHEDULING_LEGACY_DATABASE_URL: '' }).legacySync,
      undefined,
    );
    assert.equal(
      readSchedulingConfig({ ...base, SCHEDULING_SYSTEM_OF_RECORD: 'service' }).legacySync,
      undefined,
    );
    assert.throws(
      () => readSchedulingConfig({ ...base, SCHEDULING_SYSTEM_OF_RECORD: 'legacy' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'FICUS_SCHEDULING_BAD_ENV' &&
        err.message.includes('SCHEDULING_LEGACY_DATABASE_URL is not set'),
    );
  });

  it('refuses an unknown phase and a clinic URL without a database', () => {
    assert.throws(
      () =>
        readSchedulingConfig({
          ...base,
          SCHEDULING_LEGACY_DATABASE_URL: clinic,
          SCHEDULING_SYSTEM_OF_RECORD: 'clinic',
        }),
      /SCHEDULING_SYSTEM_OF_RECORD must be 'legacy' \(until cutover\) or 'service'/,
    );
    assert.throws(
      () =>
        readSchedulingConfig({
          ...base,
          SCHEDULING_LEGACY_DATABASE_URL: 'mysql://sync@127.0.0.1:3407/',
        }),
      /SCHEDULING_LEGACY_DATABASE_URL must be a mysql:\/\/ URL that names the clinic database/,
    );
  });
  it('gives the sync replica ids apart from the patients service’s, and refuses two alike', () => {
    assert.deepEqual(
      readSchedulingConfig({
        ...base,
        SCHEDULING_LEGACY_DATABASE_URL: clinic,
        SCHEDULING_SYNC_SERVER_ID: '9000',
      }).legacySync,
      {
        legacyDatabaseUrl: clinic,
        inboundServerId: 9000,
        writeBackServerId: 9001,
        systemOfRecord: 'legacy',
      },
    );
    assert.throws(
      () =>
        readSchedulingConfig({
          ...base,
          SCHEDULING_LEGACY_DATABASE_URL: clinic,
          SCHEDULING_SYNC_SERVER_ID: '7',
          SCHEDULING_WRITEBACK_SERVER_ID: '7',
        }),
      /SCHEDULING_WRITEBACK_SERVER_ID must differ from SCHEDULING_SYNC_SERVER_ID/,
    );
  });
});
