import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'mysql2/promise';

export const TABLE_DDL =
  'CREATE TABLE patient (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, balance DECIMAL(10,2) NOT NULL, ' +
  'born CHAR(8) NOT NULL, status CHAR(1) NOT NULL, created_ms BIGINT NOT NULL) ENGINE=InnoDB';

function values(from: number, count: number): string {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return `(${id}, 'Patient ${id}', ${(id % 10_000) / 100}, '19${String(50 + (id % 50))}0101', 'A', ${now})`;
  }).join(',');
}

/** Synthetic rows in multi-row inserts, one transaction per statement. */
export async function bulkInsert(
  pool: Pool,
  table: string,
  from: number,
  count: number,
): Promise<void> {
  const step = 2_000;
  for (let at = from; at < from + count; at += step) {
    await pool.query(
      `INSERT INTO ${table} VALUES ${values(at, Math.min(step, from + count - at))}`,
    );
  }
}

/**
 * Writes `rate` rows a second for `seconds`, one small transaction every 10 ms, and records when
 * each row's transaction was committed (taken just before COMMIT, so lag is never understated).
 */
export async function steadyWriter(
  pool: Pool,
  rate: number,
  seconds: number,
  firstId: number,
  committedAt: Map<number, number>,
): Promise<number> {
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const start = Date.now();
  let id = firstId;
  for (let tick = 0; Date.now() - start < seconds * 1000; tick++) {
    const due = start + tick * tickMs;
    if (due > Date.now()) await sleep(due - Date.now());
    const ids = Array.from({ length: perTick }, (_, i) => id + i);
    const t = Date.now();
    // Recorded before the insert: the connector runs in this process, and its acknowledgement of
    // a row can come before the insert's own reply does.
    for (const i of ids) committedAt.set(i, t);
    await pool.query(`INSERT INTO patient VALUES ${values(id, perTick)}`);
    id += perTick;
  }
  return id;
}
