import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@ficus/core';
import { syncConnectorConfigs, type SyncConnectorsInput } from './sync-connector-configs';

function input(overrides: Partial<SyncConnectorsInput> = {}): SyncConnectorsInput {
  return {
    service: 'orders',
    serviceDatabaseUrl: 'mysql://root@db.local:3407/orders',
    legacyDatabaseUrl: 'mysql://sync:s3cret@db.local:3407/legacy',
    inboundServerId: 5411,
    writeBackServerId: 5412,
    legacyTables: ['CUST_MST', 'ORD_TRN'],
    serviceTables: ['orders'],
    variables: {
      serviceDatabaseUrl: 'ORDERS_DATABASE_URL',
      legacyDatabaseUrl: 'ORDERS_LEGACY_DATABASE_URL',
      inboundServerId: 'ORDERS_SYNC_SERVER_ID',
      writeBackServerId: 'ORDERS_WRITEBACK_SERVER_ID',
    },
    ...overrides,
  };
}

describe('syncConnectorConfigs', () => {
  it('captures the legacy tables inbound and the service’s on write-back, each skipping the other’s marker', () => {
    const { inbound, writeBack } = syncConnectorConfigs(input());
    assert.deepEqual(
      [inbound.source.tables, inbound.source.skipTransactionsMarkedBy, inbound.snapshot.mode],
      [['legacy.CUST_MST', 'legacy.ORD_TRN'], 'legacy.ficus_sync_marker_orders', 'initial'],
    );
    assert.deepEqual(
      [writeBack.source.tables, writeBack.source.skipTransactionsMarkedBy, writeBack.snapshot.mode],
      [['orders.orders'], 'orders.ficus_sync_marker', 'no_data'],
    );
    assert.equal(inbound.source.mysqlUrl, 'mysql://sync:s3cret@db.local:3407/');
    assert.deepEqual([inbound.source.serverId, writeBack.source.serverId], [5411, 5412]);
    assert.deepEqual(
      [inbound.serverName, writeBack.serverName],
      ['orders-legacy-inbound', 'orders-legacy-write-back'],
      'one offset row each, named by service',
    );
    // Each offset lives on the server its connector reads, so the two may be separate servers.
    assert.deepEqual(
      [inbound.offsets, writeBack.offsets],
      [
        { store: 'mysql', database: 'legacy', table: 'ficus_cdc_offsets' },
        { store: 'mysql', database: 'orders', table: 'ficus_cdc_offsets' },
      ],
    );
    for (const config of [inbound, writeBack]) assert.equal(config.transport.kind, 'embedded');
  });

  it('keeps the patients service’s legacy marker table, which its clinics already hold', () => {
    const { inbound } = syncConnectorConfigs(input({ service: 'patients' }));
    assert.equal(inbound.source.skipTransactionsMarkedBy, 'legacy.ficus_sync_marker');
  });

  it('refuses a database name it could not use as an identifier, naming the variable', () => {
    assert.throws(
      () => syncConnectorConfigs(input({ serviceDatabaseUrl: 'mysql://root@db.local/my-orders' })),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'FICUS_SYNC_DATABASE_NAME' &&
        err.message.includes('ORDERS_DATABASE_URL'),
    );
  });
});
