import { randomUUID } from 'node:crypto';
import type { Pool } from 'mysql2/promise';

/** Debezium's signal types that Ficus acts on; watermark rows are Ficus's own, written by the connector. */
export const SIGNAL_EXECUTE_SNAPSHOT = 'execute-snapshot';
export const WATERMARK_OPEN = 'snapshot-window-open';
export const WATERMARK_CLOSE = 'snapshot-window-close';

/** The DDL of the signal table (Debezium's shape: id, type, data). */
export function signalTableDdl(qualified: string): string {
  const [db, table] = qualified.split('.');
  return (
    `CREATE TABLE IF NOT EXISTS \`${db}\`.\`${table}\` ` +
    '(id VARCHAR(64) NOT NULL PRIMARY KEY, type VARCHAR(32) NOT NULL, data TEXT NULL) ENGINE=InnoDB'
  );
}

/** The tables an `execute-snapshot` signal names (`{"data-collections": ["db.table"]}`). */
export function snapshotCollections(data: unknown): string[] {
  if (typeof data !== 'string') return [];
  try {
    const parsed = JSON.parse(data) as { 'data-collections'?: unknown };
    const list = parsed['data-collections'];
    return Array.isArray(list)
      ? list.filter((t): t is string => typeof t === 'string' && t.includes('.'))
      : [];
  } catch {
    return [];
  }
}

/** Writes the low and high watermarks of one chunk's window, and removes them afterwards. */
export class SignalTable {
  private readonly qualified: string;

  constructor(
    private readonly pool: Pool,
    table: string,
  ) {
    const [db, name] = table.split('.');
    this.qualified = `\`${db}\`.\`${name}\``;
  }

  async watermark(
    type: typeof WATERMARK_OPEN | typeof WATERMARK_CLOSE,
    window: string,
  ): Promise<string> {
    const id = `${window}-${type === WATERMARK_OPEN ? 'open' : 'close'}`;
    await this.pool.query(`INSERT INTO ${this.qualified} (id, type, data) VALUES (?, ?, ?)`, [
      id,
      type,
      window,
    ]);
    return id;
  }

  async removeWindow(window: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.qualified} WHERE data = ? AND type IN (?, ?)`, [
      window,
      WATERMARK_OPEN,
      WATERMARK_CLOSE,
    ]);
  }

  newWindow(): string {
    return randomUUID();
  }
}
