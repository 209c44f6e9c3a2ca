import { type PoolConnection } from 'mysql2/promise';

export type SqlValue = string | number;

/** Rows per INSERT: large enough to make loading fast, small enough for any max_allowed_packet. */
export const ROWS_PER_STATEMENT = 1000;

/** Multi-row INSERTs of at most ROWS_PER_STATEMENT rows each, in the caller's transaction. */
export async function insertRows(
  conn: PoolConnection,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
): Promise<void> {
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await conn.query(sql, [rows.slice(start, start + ROWS_PER_STATEMENT)]);
  }
}
