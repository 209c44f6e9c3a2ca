import { createPool, type Pool, type PoolOptions } from 'mysql2/promise';
import { startMariaDb, type MariaDbInstance } from '@ficus/infra';
import { testMysqlUrl, uniqueName } from './env';

export interface TestDatabase {
  name: string;
  /** A mysql:// URL naming the database. */
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** Prefix of every database the harness creates, so a run can sweep what a crashed run left. */
export const TEST_DATABASE_PREFIX = 'ft';

/**
 * A fresh database on the run's MariaDB (or on `base`, an administrator's URL of another server
 * without a database); drop() removes it and closes the pool.
 */
export async function createTestDatabase(
  label: string,
  poolOptions: PoolOptions = {},
  base: string = testMysqlUrl(),
): Promise<TestDatabase> {
  const name = uniqueName(TEST_DATABASE_PREFIX, label);
  const admin = createPool({ uri: base, connectionLimit: 1 });
  try {
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
  const url = `${base}${name}`;
  const pool = createPool({ uri: url, connectionLimit: 5, dateStrings: true, ...poolOptions });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      const dropper = createPool({ uri: base, connectionLimit: 1 });
      try {
        await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * A MariaDB of a test's own in `dir`, never the run's, for a test that stops, restarts or crashes
 * its server, or needs it configured differently (`serverArgs`, e.g. a time zone). MYSQL_URL would make startMariaDb hand back the run's server, so it is left out of
 * this call's view.
 */
export async function privateMariaDb(
  dir: string,
  port: number,
  serverArgs: string[] = [],
): Promise<MariaDbInstance> {
  const shared = process.env.MYSQL_URL;
  delete process.env.MYSQL_URL;
  try {
    return await startMariaDb({ dir, port, detached: false, serverArgs });
  } finally {
    if (shared !== undefined) process.env.MYSQL_URL = shared;
  }
}
