import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConnectorConfig, validateConnectorConfig } from './config.loader';

const valid = {
  serverName: 'legacy',
  source: { mysqlUrl: 'mysql://cdc:pw@127.0.0.1:3306/', serverId: 5401, databases: ['clinic'] },
  transport: { kind: 'kafka', brokers: ['127.0.0.1:9092'] },
  offsets: { store: 'mysql', database: 'ficus' },
};

describe('connector configuration', () => {
  it('fills defaults: snapshot initial, heartbeat 10 s, dead-letter topic per server', () => {
    const config = validateConnectorConfig(valid, 'test');
    assert.equal(config.snapshot.mode, 'initial');
    assert.equal(config.heartbeat.intervalMs, 10_000);
    assert.equal(config.deadLetterTopic, '__ficus-dlq.legacy');
  });

  it('names every wrong key and how to fix it', () => {
    assert.throws(
      () =>
        validateConnectorConfig(
          { ...valid, snapshot: { mode: 'sometimes' }, transport: { kind: 'kafka' }, extra: 1 },
          'c.yaml',
        ),
      (err: Error) =>
        /FICUS_CDC_CONFIG_INVALID: .*in c\.yaml/.test(err.message) &&
        /snapshot\.mode: .*use one of initial, when_needed, no_data, never/.test(err.message) &&
        /transport\.brokers: .*use transport: \{ kind: kafka/.test(err.message) &&
        /extra.*remove it or check its spelling/s.test(err.message),
    );
  });

  it('builds a configuration from FICUS_CDC_* variables alone', () => {
    const config = loadConnectorConfig(undefined, {
      FICUS_CDC_SERVER_NAME: 'legacy',
      FICUS_CDC_MYSQL_URL: 'mysql://cdc:pw@db:3306/',
      FICUS_CDC_SERVER_ID: '77',
      FICUS_CDC_DATABASES: 'clinic, billing',
      FICUS_CDC_TRANSPORT: 'embedded',
      FICUS_CDC_OFFSETS_STORE: 'file',
      FICUS_CDC_OFFSETS_PATH: '/tmp/offsets.json',
    });
    assert.deepEqual(config.source.databases, ['clinic', 'billing']);
    assert.equal(config.source.serverId, 77);
    assert.deepEqual(config.offsets, { store: 'file', path: '/tmp/offsets.json' });
  });

  it('reports an unreadable file with the option that names it', () => {
    assert.throws(
      () => loadConnectorConfig('/nonexistent/cdc.yaml', {}),
      /FICUS_CDC_CONFIG_UNREADABLE: .*--config or FICUS_CDC_CONFIG/,
    );
  });
});
