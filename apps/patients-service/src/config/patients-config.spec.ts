import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@ficus/core';
import { readPatientsConfig } from './patients-config';

describe('readPatientsConfig', () => {
  it('reads the database URL and defaults the port and host', () => {
    assert.deepEqual(
      readPatientsConfig({ PATIENTS_DATABASE_URL: 'mysql://root@127.0.0.1:3407/patients' }),
      {
        databaseUrl: 'mysql://root@127.0.0.1:3407/patients',
        port: 8082,
        host: '127.0.0.1',
      },
    );
    assert.equal(
      readPatientsConfig({ PATIENTS_DATABASE_URL: 'mysql://h/db', PATIENTS_PORT: '0' }).port,
      0,
    );
  });

  it('turns the two-way sync on with PATIENTS_LEGACY_DATABASE_URL, with distinct replica ids', () => {
    const base = { PATIENTS_DATABASE_URL: 'mysql://h/patients' };
    assert.equal(
      readPatientsConfig({ ...base, PATIENTS_LEGACY_DATABASE_URL: '' }).legacySync,
      undefined,
    );
    assert.deepEqual(
      readPatientsConfig({ ...base, PATIENTS_LEGACY_DATABASE_URL: 'mysql://s:p@h:3407/clinic' })
        .legacySync,
      {
        legacyDatabaseUrl: 'mysql://s:p@h:3407/clinic',
        inboundServerId: 5411,
        writeBackServerId: 5412,
        systemOfRecord: 'legacy',
      },
    );
    const chosen = readPatientsConfig({
      ...base,
      PATIENTS_LEGACY_DATABASE_URL: 'mysql://h/clinic',
      PATIENTS_SYNC_SERVER_ID: '900',
      PATIENTS_WRITEBACK_SERVER_ID: '800',
    }).legacySync;
    assert.deepEqual([chosen?.inboundServerId, chosen?.writeBackServerId], [900, 800]);
  });

  it('takes the phase from PATIENTS_SYSTEM_OF_RECORD: legacy until cutover, then service', () => {
    const base = {
      PATIENTS_DATABASE_URL: 'mysql://h/patients',
      PATIENTS_LEGACY_DATABASE_URL: 'mysql://h/clinic',
    };
    assert.equal(readPatientsConfig(base).legacySync?.systemOfRecord, 'legacy');
    const after = readPatientsConfig({ ...base, PATIENTS_SYSTEM_OF_RECORD: 'service' });
    assert.equal(after.legacySync?.systemOfRecord, 'service');
    assert.throws(
      () => readPatientsConfig({ ...base, PATIENTS_SYSTEM_OF_RECORD: 'clinic' }),
      /PATIENTS_SYSTEM_OF_RECORD must be 'legacy' \(until cutover\) or 'service'/,
    );
  });

  it('names the variable and what it must hold', () => {
    const cases: ReadonlyArray<[NodeJS.ProcessEnv, RegExp]> = [
      [{}, /^FICUS_PATIENTS_BAD_ENV: PATIENTS_DATABASE_URL is required/],
      [
        { PATIENTS_DATABASE_URL: 'mysql://host:3306' },
        /PATIENTS_DATABASE_URL must be a mysql:\/\/ URL that names a database/,
      ],
      [
        { PATIENTS_DATABASE_URL: 'mysql://h/db', PATIENTS_PORT: '70000' },
        /PATIENTS_PORT must be a TCP port/,
      ],
      [
        { PATIENTS_DATABASE_URL: 'mysql://h/db', PATIENTS_PORT: 'http' },
        /PATIENTS_PORT must be a TCP port/,
      ],
      [
        { PATIENTS_DATABASE_URL: 'mysql://h/db', PATIENTS_LEGACY_DATABASE_URL: 'mysql://h:3407/' },
        /PATIENTS_LEGACY_DATABASE_URL must be a mysql:\/\/ URL that names the clinic database/,
      ],
      [
        {
          PATIENTS_DATABASE_URL: 'mysql://h/db',
          PATIENTS_SYNC_SERVER_ID: '7',
          PATIENTS_WRITEBACK_SERVER_ID: '7',
        },
        /PATIENTS_WRITEBACK_SERVER_ID must differ from PATIENTS_SYNC_SERVER_ID/,
      ],
      [
        { PATIENTS_DATABASE_URL: 'mysql://h/db', PATIENTS_SYNC_SERVER_ID: '0' },
        /PATIENTS_SYNC_SERVER_ID must be a replica server id/,
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => readPatientsConfig(env),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    }
  });
});
