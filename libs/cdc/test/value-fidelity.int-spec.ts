import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { ChangeRecord } from '@ficus/contracts';
import { freePort } from '@ficus/infra';
import { createTestDatabase, privateMariaDb } from '@ficus/testing';
import { validateConnectorConfig } from '../src/config/config.loader';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import {
  Collector,
  createConnectorUser,
  dropConnectorUser,
  embeddedConfig,
  replicaId,
} from './cdc-harness';
import { POINT_WKB, TYPE_CASES, wkb } from './type-cases';

/**
 * Value fidelity through the whole connector: every case of type-cases.ts read by the initial
 * snapshot (rows present at start) and by the stream (the same values written afterwards) must
 * carry the same Debezium value, on the shared server and on a server whose time zone is +05:30.
 */
interface Source {
  pool: Pool;
  config: ConnectorConfig;
  close(): Promise<void>;
}

interface DeadLetter {
  table: string;
  reason: { code: string; message: string };
}

const STREAM_ID = 1000;
const table = (index: number): string => `t${index}`;
const ops = (records: ChangeRecord[], op: string) =>
  records.filter((r) => r.value?.op === op).map((r) => r.value?.after);

const AFTER_SPATIAL =
  'CREATE TABLE after_spatial (id INT PRIMARY KEY, g GEOMETRY, p POINT, t TEXT, c CHAR(5), ' +
  "l VARCHAR(10) CHARACTER SET latin1, b BINARY(2), e ENUM('x','y'), s VARCHAR(8), n INT)";
const afterSpatialRow = (id: number): string =>
  `(${id}, ST_GeomFromText('LINESTRING(0 0,1 1)', 4326), POINT(1.5, -2), 'héllo 😀', 'ab', ` +
  `'café €', x'0102', 'y', 'über', 7)`;
const afterSpatialValue = (id: number) => ({
  id,
  g: {
    wkb: wkb('0102000000' + '02000000' + '0'.repeat(32) + '000000000000f03f'.repeat(2)),
    srid: 4326,
  },
  p: { x: 1.5, y: -2, wkb: POINT_WKB, srid: null },
  t: 'héllo 😀',
  c: 'ab',
  l: 'café €',
  b: wkb('0102'),
  e: 'y',
  s: 'über',
  n: 7,
});

/**
 * `lateDatabase`: a database the connector is configured for that is created only once it streams,
 * with a latin1 default charset its tables inherit (docs/cdc-types.md, deviation 12).
 */
function conformance(name: string, open: () => Promise<Source>, lateDatabase?: string): void {
  describe(name, () => {
    let source: Source;
    let connector: CdcConnector;
    const sink = new Collector();
    const dead = new Collector();

    before(async () => {
      source = await open();
      const conn = await source.pool.getConnection();
      try {
        // Literals mean UTC and may be zero dates or invalid ENUM values (legacy schemas hold them);
        // the connector's own sessions keep the server's time zone.
        await conn.query("SET SESSION sql_mode = '', time_zone = '+00:00'");
        const insert = async (index: number, first: number): Promise<void> => {
          const tuples = TYPE_CASES[index]![1].map(([sql], row) => `(${first + row}, ${sql})`);
          await conn.query(`INSERT INTO ${table(index)} (id, v) VALUES ${tuples.join(', ')}`);
        };
        for (const [index, [definition]] of TYPE_CASES.entries()) {
          await conn.query(`CREATE TABLE ${table(index)} (id INT PRIMARY KEY, v ${definition})`);
          await insert(index, 1);
        }
        await conn.query(AFTER_SPATIAL);
        await conn.query(`INSERT INTO after_spatial VALUES ${afterSpatialRow(1)}`);
        await conn.query(
          'CREATE TABLE odd_charset (id INT PRIMARY KEY, a VARCHAR(8) CHARACTER SET armscii8, b VARCHAR(8))',
        );
        await conn.query('CREATE TABLE zz_done (id INT PRIMARY KEY)');

        connector = new CdcConnector({
          config: source.config,
          handlers: [sink.handler],
          deadLetterHandler: dead.handler,
        });
        await connector.start();

        for (const index of TYPE_CASES.keys()) await insert(index, STREAM_ID + 1);
        await conn.query(`INSERT INTO after_spatial VALUES ${afterSpatialRow(2)}`);
        await conn.query("INSERT INTO odd_charset VALUES (1, 'abc', 'next')");
        await conn.query("INSERT INTO odd_charset VALUES (2, NULL, 'next')");
        if (lateDatabase) {
          await conn.query(`CREATE DATABASE ${lateDatabase} CHARACTER SET latin1`);
          await conn.query(`CREATE TABLE ${lateDatabase}.note (id INT PRIMARY KEY, t VARCHAR(20))`);
          await conn.query(`INSERT INTO ${lateDatabase}.note VALUES (1, 'café € ü')`);
        }
        await conn.query('INSERT INTO zz_done VALUES (1)');
      } finally {
        conn.release();
      }
      await sink.waitFor('the last streamed row', () => sink.of('zz_done').length > 0, 60_000);
    });

    after(async () => {
      await connector?.stop();
      await source?.close();
    });

    for (const [index, [definition, values]] of TYPE_CASES.entries()) {
      it(`${definition}: the snapshot and the stream carry the Debezium value`, () => {
        const records = sink.of(table(index));
        const expected = (first: number) =>
          values.map(([, value], row) => ({ id: first + row, v: value }));
        assert.deepEqual(ops(records, 'r'), expected(1), 'snapshot');
        assert.deepEqual(ops(records, 'c'), expected(STREAM_ID + 1), 'stream');
      });
    }

    it('columns after spatial ones keep their type and charset, in the snapshot and the stream', () => {
      const records = sink.of('after_spatial');
      assert.deepEqual(ops(records, 'r'), [afterSpatialValue(1)]);
      assert.deepEqual(ops(records, 'c'), [afterSpatialValue(2)]);
    });

    if (lateDatabase) {
      it('text in a latin1 database created while streaming is decoded in its charset', () => {
        const records = sink.records.filter((r) => r.topic.endsWith(`.${lateDatabase}.note`));
        assert.deepEqual(ops(records, 'c'), [{ id: 1, t: 'café € ü' }]);
      });
    }

    it('a row with a value the decoder cannot read is dead-lettered, naming table and column only', () => {
      assert.deepEqual(ops(sink.of('odd_charset'), 'c'), [{ id: 2, a: null, b: 'next' }]);
      const letters = dead.records.map((r) => r.value as unknown as DeadLetter);
      assert.equal(letters.length, 1);
      const [letter] = letters;
      assert.equal(letter?.table, 'odd_charset');
      assert.equal(letter?.reason.code, 'FICUS_CDC_DECODE');
      assert.match(letter?.reason.message ?? '', /odd_charset, column "a" \(varchar\(8\)\)/);
      assert.doesNotMatch(letter?.reason.message ?? '', /abc/);
    });
  });
}

conformance('value fidelity: snapshot and stream agree, server in UTC', async () => {
  const db = await createTestDatabase('cdc_values');
  const url = await createConnectorUser(db);
  return {
    pool: db.pool,
    config: embeddedConfig(db, url),
    close: async () => {
      await db.drop();
      await dropConnectorUser(url);
    },
  };
});

conformance(
  'value fidelity: snapshot and stream agree, server at +05:30',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ficus-cdc-tz-'));
    const server = await privateMariaDb(dir, await freePort(), ['--default-time-zone=+05:30']);
    const admin = createPool({ uri: server.url, connectionLimit: 1 });
    await admin.query('CREATE DATABASE clinic');
    const [[zone]] = await admin.query<RowDataPacket[]>('SELECT @@global.time_zone AS tz');
    await admin.end();
    assert.equal(zone?.tz, '+05:30', 'the private server runs away from UTC');
    const pool = createPool({ uri: `${server.url}clinic`, connectionLimit: 2 });
    const config = validateConnectorConfig(
      {
        serverName: 'tz',
        source: { mysqlUrl: server.url, serverId: replicaId(), databases: ['clinic', 'late'] },
        transport: { kind: 'embedded' },
        offsets: { store: 'mysql', database: 'clinic' },
        heartbeat: { intervalMs: 0 },
      },
      'the test',
    );
    return {
      pool,
      config,
      close: async () => {
        await pool.end();
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  'late',
);
