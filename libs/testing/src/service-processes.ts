import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort } from '@ficus/infra';
import { createTestDatabase, type TestDatabase } from './database';
import { exited, fatalError, runScript, scriptOutput, waitUntilServing } from './node-scripts';

export interface ServiceProcessesSpec {
  /** The app's folder name, `patients-service`: its build is in dist/apps/<app>/src. */
  app: string;
  /** What its variables and error codes start with: `PATIENTS` (PATIENTS_DATABASE_URL, FICUS_PATIENTS_BAD_ENV). */
  prefix: string;
  /** Label of the test database. */
  database: string;
  /** Every table once all migrations ran, in order. */
  migratedTables: string[];
  /** The tables left once the latest migration is undone, in order. */
  tablesAfterRevert: string[];
  /** Requests the started service, on a freshly migrated database, must serve. */
  serves(baseUrl: string): Promise<void>;
}

/**
 * The end-to-end checks every carved-out service passes as processes: its migration command, its
 * start, serving and stop, and its refusals of a bad or missing database, each naming the
 * variable to fix.
 */
export function describeServiceProcesses(spec: ServiceProcessesSpec): void {
  const dist = resolve('dist/apps', spec.app, 'src');
  const script = (name: string) => resolve(dist, name);
  const DATABASE_URL = `${spec.prefix}_DATABASE_URL`;
  const BAD_ENV = `FICUS_${spec.prefix}_BAD_ENV`;

  describe(`${spec.app.replace('-', ' ')} processes`, () => {
    let db: TestDatabase;

    before(async () => {
      db = await createTestDatabase(spec.database);
    });
    after(async () => {
      await db?.drop();
    });

    async function tables(): Promise<string[]> {
      const [rows] = await db.pool.query<RowDataPacket[]>('SHOW TABLES');
      return rows.map((r) => String(Object.values(r)[0])).sort();
    }

    it('migrates as a command: show reports pending, run applies, revert undoes', async () => {
      const migrate = (command: string) =>
        exited(runScript(script('migrate.main.js'), [command], { [DATABASE_URL]: db.url }));
      assert.equal(await migrate('show'), 1);
      assert.equal(await migrate('run'), 0);
      assert.deepEqual(await tables(), spec.migratedTables);
      assert.equal(await migrate('show'), 0);
      assert.equal(await migrate('revert'), 0);
      assert.deepEqual(await tables(), spec.tablesAfterRevert, 'the latest one undone');
      assert.equal(await migrate('sideways'), 1);
    });

    it('boots (NestJS 12 loaded from CommonJS), migrates on start, serves, and stops on SIGTERM', async () => {
      const port = await freePort();
      const service = runScript(script('main.js'), [], {
        [DATABASE_URL]: db.url,
        [`${spec.prefix}_PORT`]: String(port),
      });
      const stopped = exited(service);
      const base = `http://127.0.0.1:${port}`;
      try {
        await waitUntilServing(`${base}/health`);
        assert.deepEqual(await tables(), spec.migratedTables);
        await spec.serves(base);
      } finally {
        service.kill('SIGTERM');
      }
      assert.equal(await stopped, 0);
    });

    it('refuses to start without a valid database URL, saying which variable is wrong', async () => {
      const { code, output } = await scriptOutput(script('main.js'), [], {
        [DATABASE_URL]: 'not-a-url',
      });
      assert.equal(code, 1);
      assert.match(output, new RegExp(`${BAD_ENV}: ${DATABASE_URL} must be a mysql://`));
    });

    it('refuses a database URL whose database does not exist, saying to create it', async () => {
      const missing = new URL(db.url);
      missing.pathname = `/${db.name}_missing`;
      for (const [name, args] of [
        ['main.js', []],
        ['migrate.main.js', ['show']],
      ] as const) {
        const { code, output } = await scriptOutput(script(name), args, {
          [DATABASE_URL]: missing.toString(),
        });
        assert.equal(code, 1, name);
        assert.equal(
          fatalError(output),
          `${BAD_ENV}: ${DATABASE_URL} names database "${db.name}_missing", ` +
            `which ${missing.host} does not have; create it (CREATE DATABASE \`${db.name}_missing\`) ` +
            'or name an existing one',
          name,
        );
        assert.doesNotMatch(output, /Retrying/, `${name}: a missing database is not retried`);
      }
    });
  });
}
