import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@ficus/core';
import { syncConnectorConfigs } from './sync-connector-configs';

const sync = {
  legacyDatabaseUrl: 'mysql://sync:s3cret@db.local:3407/clinic',
  inboundServerId: 5411,
  writeBackServerId: 5412,
  systemOfRecord: 'legacy' as const,
};

describe('syncConnectorConfigs', () => {
  it('captures PATIENT_MST inbound and patients on write-back, each skipping the other’s marker', () => {
    const { inbound, writeBack } = syncConnectorConfigs(
      'mysql://root@db.local:3407/patients',
      sync,
    );
    assert.deepEqual(
      [inbound.source.tables, inbound.source.skipTransactionsMarkedBy, inbound.snapshot.mode],
      [['clinic.PATIENT_MST'], 'clinic.ficus_sync_marker', 'initial'],
    );
    assert.deepEqual(
      [writeBack.source.tables, writeBack.source.skipTransactionsMarkedBy, writeBack.snapshot.mode],
      [['patients.patients'], 'patients.ficus_sync_marker', 'no_data'],
    );
    assert.equal(inbound.source.mysqlUrl, 'mysql://sync:s3cret@db.local:3407/');
    assert.deepEqual([inbound.source.serverId, writeBack.source.serverId], [5411, 5412]);
    assert.notEqual(inbound.serverName, writeBack.serverName, 'one offset row each');
    // Each offset lives on the server its connector reads, so the two may be separate servers.
    assert.deepEqual(
      [inbound.offsets, writeBack.offsets],
      [
        { store: 'mysql', database: 'clinic', table: 'ficus_cdc_offsets' },
        { store: 'mysql', database: 'patients', table: 'ficus_cdc_offsets' },
      ],
    );
    for (const config of [inbound, writeBack]) assert.equal(config.transport.kind, 'embedded');
  });

  it('refuses a database name it could not use as an identifier, naming the variable', () => {
    assert.throws(
      () => syncConnectorConfigs('mysql://root@db.local:3407/my-patients', sync),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'FICUS_PATIENTS_SYNC_DATABASE_NAME' &&
        err.message.includes('PATIENTS_DATABASE_URL'),
    );
  });
});
