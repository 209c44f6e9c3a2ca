import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { ConfigError, errorMessage, withTransaction } from '@ficus/core';
import { SYNC_MARKER_TABLE, syncMarkerDdl } from './sync-marker';

/**
 * The clinic's database, as the service writes to it while the monolith is the system of record:
 * write-back and new-patient ids. One small pool; `transaction` is the only way to write.
 */
export class LegacyClinicDatabase {
  readonly database: string;
  private readonly pool: Pool;

  constructor(url: string) {
    this.database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    this.pool = createPool({ uri: url, connectionLimit: 4, dateStrings: true });
  }

  /**
   * The clinic-side marker table, created when missing; a sync user without CREATE gets the DDL
   * to hand to an administrator.
   */
  async ensureMarkerTable(): Promise<void> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [this.database, SYNC_MARKER_TABLE],
    );
    if (rows.length > 0) return;
    try {
      await this.pool.query(syncMarkerDdl(this.database));
    } catch (err) {
      throw new ConfigError(
        'FICUS_PATIENTS_SYNC_MARKER_MISSING',
        `the table ${this.database}.${SYNC_MARKER_TABLE} does not exist and could not be created ` +
          `(${errorMessage(err)}); as an administrator run: ${syncMarkerDdl(this.database)}; then ` +
          `GRANT SELECT, INSERT, UPDATE ON \`${this.database}\`.\`${SYNC_MARKER_TABLE}\` TO the sync's user`,
        { cause: err },
      );
    }
  }

  /** A read outside any transaction (reconciliation's digests and rows). */
  async read<T extends RowDataPacket[]>(sql: string, params: unknown[]): Promise<T> {
    const [rows] = await this.pool.query<T>(sql, params);
    return rows;
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  /** Nest's last shutdown phase: after the sync stopped writing (it stops on module destroy). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
