import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readBinlogSettings } from '@ficus/infra';
import { createTestDatabase, testMysqlUrl, type TestDatabase } from '@ficus/testing';

describe('the run’s MariaDB', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('infra');
  });
  after(() => db.drop());

  it('has the binlog settings change data capture depends on', async () => {
    const s = await readBinlogSettings(testMysqlUrl());
    assert.equal(s.log_bin, 'ON');
    assert.equal(s.binlog_format, 'ROW');
    assert.equal(s.binlog_row_image, 'FULL');
    assert.equal(s.binlog_row_metadata, 'FULL');
    assert.notEqual(s.server_id, '0');
  });

  it('writes committed rows to the binlog', async () => {
    await db.pool.query('CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))');
    const [[before]] = (await db.pool.query('SHOW MASTER STATUS')) as unknown as [
      [{ Position: number }],
    ];
    await db.pool.query("INSERT INTO t VALUES (1, 'x')");
    const [[afterInsert]] = (await db.pool.query('SHOW MASTER STATUS')) as unknown as [
      [{ Position: number }],
    ];
    assert.ok(afterInsert.Position > before.Position, 'the binlog position moves on after a write');
  });

  it('gives each test file its own database', async () => {
    const other = await createTestDatabase('infra');
    try {
      assert.notEqual(other.name, db.name);
      const [rows] = await other.pool.query('SHOW TABLES');
      assert.deepEqual(rows, []);
    } finally {
      await other.drop();
    }
  });
});
