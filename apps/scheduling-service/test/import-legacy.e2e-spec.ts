import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';

/**
 * `import-legacy.main.js`, as the sample runs it (`--replace`, before the sync exists) and without
 * it: both fill the service from a seeded clinic with the same rows, and a replace drops what the
 * clinic no longer has. The clinic is seeded by its own seeder (apps never import apps).
 */
let lastOutput = '';

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(process.execPath, [resolve(script), ...args], {
    env: { ...process.env, FICUS_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lastOutput = '';
  child.stdout.on('data', (c: Buffer) => (lastOutput += c.toString()));
  child.stderr.on('data', (c: Buffer) => (lastOutput += c.toString()));
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

const IMPORT = 'dist/apps/scheduling-service/src/import-legacy.main.js';
const TABLES = ['patient_references', 'practitioners', 'appointments'];

describe('the scheduling import command', () => {
  let clinic: TestDatabase;
  let replaced: TestDatabase;
  let applied: TestDatabase;

  before(async () => {
    [clinic, replaced, applied] = await Promise.all([
      createTestDatabase('ss_import_clinic'),
      createTestDatabase('ss_import_replace'),
      createTestDatabase('ss_import_apply'),
    ]);
    const seeded = await run('dist/apps/legacy-clinic/src/seed.main.js', ['--patients', '150'], {
      CLINIC_DATABASE_URL: clinic.url,
    });
    assert.equal(seeded, 0, 'seeding failed');
  });

  after(async () => {
    await Promise.all([clinic?.drop(), replaced?.drop(), applied?.drop()]);
  });

  /** The rows, each with where it was read: the snapshot's position, before any binlog change. */
  const rowsOf = async (db: TestDatabase, table: string) => {
    const [rows] = await db.pool.query<RowDataPacket[]>(`SELECT * FROM \`${table}\` ORDER BY id`);
    return rows.map(({ source_position: position, ...row }) => {
      assert.match(String(position), /^0{12}:0{20}:\d{10}$/, `${table} ${String(row.id)}`);
      return row;
    });
  };

  it('fills the service with every clinic row, the same whether it replaces or applies row by row', async () => {
    assert.equal(
      await run(IMPORT, ['--from', clinic.url, '--replace'], {
        SCHEDULING_DATABASE_URL: replaced.url,
      }),
      0,
    );
    assert.equal(
      await run(IMPORT, ['--from', clinic.url], { SCHEDULING_DATABASE_URL: applied.url }),
      0,
    );
    const count = async (table: string) =>
      Number(
        (await clinic.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``))[0][0]!
          .n,
      );
    const expected = [await count('PATIENT_MST'), await count('PRAC_MST'), await count('APPT_TRN')];
    for (const [i, table] of TABLES.entries()) {
      const rows = await rowsOf(replaced, table);
      assert.equal(rows.length, expected[i], table);
      assert.deepEqual(rows, await rowsOf(applied, table), `${table}: replace and apply agree`);
    }
  });

  it('replaces what the service holds with the clinic as it is now', async () => {
    const [[visit]] = await clinic.pool.query<RowDataPacket[]>(
      'SELECT APPT_ID FROM APPT_TRN ORDER BY APPT_ID DESC LIMIT 1',
    );
    await clinic.pool.query('DELETE FROM APPT_TRN WHERE APPT_ID = ?', [visit!.APPT_ID]);
    await clinic.pool.query("UPDATE PRAC_MST SET PRAC_ACTV = 'N' WHERE PRAC_ID = 1");
    assert.equal(
      await run(IMPORT, ['--from', clinic.url, '--replace'], {
        SCHEDULING_DATABASE_URL: replaced.url,
      }),
      0,
    );
    const [[gone]] = await replaced.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM appointments WHERE id = ?',
      [visit!.APPT_ID],
    );
    assert.equal(Number(gone!.n), 0, 'a visit the clinic no longer has is gone');
    const [[practitioner]] = await replaced.pool.query<RowDataPacket[]>(
      'SELECT active FROM practitioners WHERE id = 1',
    );
    assert.equal(Number(practitioner!.active), 0, 'a practitioner the clinic changed is changed');
  });

  it('refuses a missing or wrong --from, naming the option', async () => {
    for (const args of [[], ['--from', 'clinic']]) {
      assert.equal(await run(IMPORT, args, { SCHEDULING_DATABASE_URL: replaced.url }), 1);
      assert.match(lastOutput, /FICUS_SCHEDULING_BAD_ARG.*--from must be a mysql:\/\/ URL/);
    }
  });
});
