import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClinicConfig } from './config';

describe('clinic config', () => {
  it('reads the database URL and port, with a local default host', () => {
    assert.deepEqual(
      readClinicConfig({
        CLINIC_DATABASE_URL: 'mysql://root@127.0.0.1:3306/clinic',
        CLINIC_PORT: '8081',
      }),
      { databaseUrl: 'mysql://root@127.0.0.1:3306/clinic', port: 8081, host: '127.0.0.1' },
    );
  });

  it('says which variable is missing or wrong', () => {
    assert.throws(() => readClinicConfig({}), /CLINIC_DATABASE_URL is required/);
    assert.throws(
      () => readClinicConfig({ CLINIC_DATABASE_URL: 'mysql://h:3306/' }),
      /CLINIC_DATABASE_URL must be/,
    );
    assert.throws(
      () => readClinicConfig({ CLINIC_DATABASE_URL: 'mysql://h/db', CLINIC_PORT: '70000' }),
      /CLINIC_PORT must be a TCP port/,
    );
  });
});
