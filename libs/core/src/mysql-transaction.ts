import type { Pool, PoolConnection } from 'mysql2/promise';

/** Runs `work` on one pooled connection inside a transaction. */
export async function withTransaction<T>(
  pool: Pool,
  work: (conn: PoolConnection) => Promise<T>,
): Promise<T> {
  const conn = await pool.getConnection();
  try {
    return await inTransaction(conn, work);
  } finally {
    conn.release();
  }
}

/** Commit when `work` resolves, rollback when it throws. */
export async function inTransaction<T>(
  conn: PoolConnection,
  work: (conn: PoolConnection) => Promise<T>,
): Promise<T> {
  await conn.beginTransaction();
  try {
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (err) {
    // A rollback on a broken connection fails too; the error worth reporting is the first one.
    await conn.rollback().catch(() => undefined);
    throw err;
  }
}
