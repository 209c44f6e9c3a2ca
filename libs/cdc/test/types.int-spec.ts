import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { POINT_WKB, TYPE_CASES, wkb } from './type-cases';
import { BinlogTap } from './types-binlog-tap';

/**
 * Type conformance through the binlog: each case of type-cases.ts written with INSERT, UPDATE and
 * DELETE, read back from the real binlog and compared with the Debezium JSON value.
 */
const CASES = TYPE_CASES;

const table = (index: number): string => `t${index}`;

describe('type conformance: binlog rows decode to Debezium JSON', () => {
  let db: TestDatabase;
  let tap: BinlogTap;

  before(async () => {
    db = await createTestDatabase('cdc_types');
    tap = new BinlogTap(db);
    await tap.start();
    const conn = await db.pool.getConnection();
    try {
      // Zero dates and out-of-range literals are exactly what legacy schemas hold.
      await conn.query("SET SESSION sql_mode = '', time_zone = '+00:00'");
      for (const [index, [definition, values]] of CASES.entries()) {
        await conn.query(`CREATE TABLE ${table(index)} (id INT PRIMARY KEY, v ${definition})`);
        const tuples = values.map(([sql], row) => `(${row + 1}, ${sql})`).join(', ');
        await conn.query(`INSERT INTO ${table(index)} (id, v) VALUES ${tuples}`);
        if (values.length > 1) {
          await conn.query(
            `UPDATE ${table(index)} SET v = (SELECT v FROM (SELECT v FROM ${table(index)} WHERE id = 2) s) WHERE id = 1`,
          );
          await conn.query(`DELETE FROM ${table(index)} WHERE id = 2`);
        }
      }
    } finally {
      conn.release();
    }
    await tap.drain();
  });

  after(async () => {
    await tap?.stop();
    await db?.drop();
  });

  for (const [index, [definition, values]] of CASES.entries()) {
    it(`${definition}: insert, update and delete carry the Debezium value`, () => {
      const records = tap.recordsOf(table(index));
      const creates = records.filter((r) => r.value?.op === 'c');
      assert.deepEqual(
        creates.map((r) => r.value?.after),
        values.map(([, expected], row) => ({ id: row + 1, v: expected })),
      );
      if (values.length < 2) return;
      const [first, second] = values.map(([, expected]) => expected);
      const update = records.find((r) => r.value?.op === 'u');
      assert.deepEqual(update?.value?.before, { id: 1, v: first });
      assert.deepEqual(update?.value?.after, { id: 1, v: second });
      const deleted = records.filter((r) => r.key?.id === 2 && r.value?.op !== 'c');
      assert.deepEqual(
        deleted.map((r) => r.value?.op ?? 'tombstone'),
        ['d', 'tombstone'],
      );
      assert.deepEqual(deleted[0]?.value?.before, { id: 2, v: second });
    });
  }

  it('text after a spatial column keeps its charset (MariaDB numbers GEOMETRY among text columns)', async () => {
    await db.pool.query(
      "CREATE TABLE mixed (id INT PRIMARY KEY, g GEOMETRY, t TEXT, c CHAR(5), b BINARY(2), e ENUM('x'), s VARCHAR(8))",
    );
    await db.pool.query(
      "INSERT INTO mixed VALUES (1, POINT(1.5, -2), 'héllo 😀', 'ab', x'0102', 'x', 'über')",
    );
    await tap.drain();
    const [record] = tap.recordsOf('mixed');
    assert.deepEqual(record?.value?.after, {
      id: 1,
      g: { wkb: POINT_WKB, srid: null },
      t: 'héllo 😀',
      c: 'ab',
      b: wkb('0102'),
      e: 'x',
      s: 'über',
    });
  });
});
