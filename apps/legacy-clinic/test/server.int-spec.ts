import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { CLINIC_TABLES, startClinicServer, type RunningClinicServer } from '../src/index';

describe('legacy clinic: startClinicServer', () => {
  let db: TestDatabase;
  let server: RunningClinicServer | undefined;

  before(async () => {
    db = await createTestDatabase('lc_server');
  });
  after(async () => {
    await server?.close();
    await db?.drop();
  });

  it('listens on a free port, creates missing tables, answers over real HTTP and closes', async () => {
    server = await startClinicServer({ databaseUrl: db.url, port: 0, applySchema: true });
    assert.ok(server.port > 0);

    const [tables] = await db.pool.query<RowDataPacket[]>('SHOW TABLES');
    assert.deepEqual(
      tables.map((t) => String(Object.values(t)[0])).sort(),
      [...CLINIC_TABLES].sort(),
    );

    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });

    const { port } = server;
    await server.close();
    server = undefined;
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
  });

  it('fails to start, without leaking a pool, when the database cannot be reached', async () => {
    await assert.rejects(
      startClinicServer({ databaseUrl: `${db.url}_missing`, port: 0, applySchema: true }),
      (err: Error & { code?: string }) => err.code === 'ER_BAD_DB_ERROR',
    );
  });
});
