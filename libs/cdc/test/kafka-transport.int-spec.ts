import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER, type ChangeRecord } from '@ficus/contracts';
import { createTestDatabase, testKafka, testKafkaBrokers, type TestDatabase } from '@ficus/testing';
import { CdcConnector } from '../src/connector';
import {
  Collector,
  consumeTopic,
  createConnectorUser,
  dropConnectorUser,
  embeddedConfig,
} from './cdc-harness';

describe('kafka transport: change events on Debezium topics, keyed and ordered', () => {
  let db: TestDatabase;
  let url: string;
  let connector: CdcConnector;
  const acked = new Collector();

  before(async () => {
    db = await createTestDatabase('cdc_kafka');
    url = await createConnectorUser(db);
    await db.pool.query('CREATE TABLE patient (id INT PRIMARY KEY, name VARCHAR(40))');
    const config = embeddedConfig(db, url, {
      transport: { kind: 'kafka', brokers: testKafkaBrokers(), partitions: 3 },
      heartbeat: { intervalMs: 200 },
    });
    connector = new CdcConnector({
      config,
      onAcknowledged: (records: ChangeRecord[]) => void acked.handler(records),
    });
    await connector.start();
    await db.pool.query("INSERT INTO patient VALUES (1, 'Ada'), (2, 'Ben')");
    await db.pool.query("UPDATE patient SET name = 'Ada L' WHERE id = 1");
    await db.pool.query('DELETE FROM patient WHERE id = 1');
    await acked.waitFor('the delete', () => acked.of('patient').length === 5);
  });

  after(async () => {
    await connector?.stop();
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('publishes key, Debezium value, tombstone and idempotency header per change', async () => {
    const topic = `${connector.config.serverName}.${db.name}.patient`;
    const messages = await consumeTopic(testKafka('cdc-kafka-test'), topic, 5);
    const ofKey1 = messages
      .filter((m) => m.key === '{"id":1}')
      .sort((a, b) => Number(a.offset) - Number(b.offset));
    assert.deepEqual(
      ofKey1.map((m) =>
        m.value === null ? 'tombstone' : (JSON.parse(m.value) as { op: string }).op,
      ),
      ['c', 'u', 'd', 'tombstone'],
      'the changes of one key arrive in commit order',
    );
    assert.equal(new Set(ofKey1.map((m) => m.partition)).size, 1, 'one key, one partition');
    const update = JSON.parse(ofKey1[1]!.value!) as {
      before: unknown;
      after: unknown;
      source: { connector: string; db: string };
    };
    assert.deepEqual(
      [update.before, update.after],
      [
        { id: 1, name: 'Ada' },
        { id: 1, name: 'Ada L' },
      ],
    );
    assert.equal(update.source.connector, 'mysql');
    assert.equal(update.source.db, db.name);
    assert.match(ofKey1[3]!.headers[IDEMPOTENCY_HEADER] ?? '', /:tombstone$/);
    const keys = messages.map((m) => m.headers[IDEMPOTENCY_HEADER]);
    assert.equal(new Set(keys).size, 5);
  });

  it('publishes heartbeats on __ficus-heartbeat.<serverName>', async () => {
    const [beat] = await consumeTopic(
      testKafka('cdc-heartbeat-test'),
      `__ficus-heartbeat.${connector.config.serverName}`,
      1,
    );
    assert.deepEqual(JSON.parse(beat!.key!), { serverName: connector.config.serverName });
    assert.equal(typeof (JSON.parse(beat!.value!) as { ts_ms: number }).ts_ms, 'number');
  });
});
