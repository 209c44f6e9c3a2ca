import { createPool, type Pool, type PoolConnection } from 'mysql2/promise';
import { withTransaction } from '@ficus/core';

/**
 * The clinic's database, as the service writes to it while the monolith is the system of record.
 * One small pool; `transaction` is the only way in.
 */
export class LegacyClinicDatabase {
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = createPool({ uri: url, connectionLimit: 8, dateStrings: true });
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  /** Nest's last shutdown phase, once no request is being served. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
