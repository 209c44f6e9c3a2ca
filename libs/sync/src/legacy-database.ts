import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { ConfigError, errorMessage, withTransaction } from '@ficus/core';
import { SYNC_MARKER_TABLE, syncMarkerDdl } from './sync-marker';

/**
 * The legacy database, as a service writes to it while the monolith is the system of record:
 * write-back and write-through. One small pool; `transaction` is the only way to write.
 */
export class LegacyDatabase {
  readonly database: string;
  private readonly pool: Pool;

  /**
   * `markerTable`: the table this service's sync marks its writes with here (see sync-marker).
   * `connectionLimit`: the pool's size; a service that also writes through to the legacy database
   * in its requests shares this pool with its sync, and sizes it for both.
   */
  constructor(
    url: string,
    readonly markerTable: string = SYNC_MARKER_TABLE,
    connectionLimit = 4,
  ) {
    this.database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    this.pool = createPool({ uri: url, connectionLimit, dateStrings: true });
  }

  /**
   * The legacy-side marker table, created when missing; a sync user without CREATE gets the DDL
   * to hand to an administrator.
   */
  async ensureMarkerTable(): Promise<void> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [this.database, this.markerTable],
    );
    if (rows.length > 0) return;
    const ddl = syncMarkerDdl(this.database, this.markerTable);
    try {
      await this.pool.query(ddl);
    } catch (err) {
      throw new ConfigError(
        'FICUS_SYNC_MARKER_MISSING',
        `the table ${this.database}.${this.markerTable} does not exist and could not be created ` +
          `(${errorMessage(err)}); as an administrator run: ${ddl}; then ` +
          `GRANT SELECT, INSERT, UPDATE ON \`${this.database}\`.\`${this.markerTable}\` TO the sync's user`,
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
