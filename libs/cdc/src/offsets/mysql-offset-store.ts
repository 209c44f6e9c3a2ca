import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { ConfigError, InfraError, errorMessage } from '@ficus/core';
import { storedOffsetSchema, type OffsetStore, type StoredOffset } from './stored-offset';

/** The DDL an administrator runs when the connector's user may not create tables (least privilege). */
export function offsetsTableDdl(database: string, table: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS \`${database}\`.\`${table}\` (` +
    'connector VARCHAR(128) NOT NULL PRIMARY KEY, ' +
    'offset_json TEXT NOT NULL, ' +
    'updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)' +
    ') ENGINE=InnoDB'
  );
}

/** Offsets in a MySQL table, one row per connector (keyed by serverName), committed with an upsert. */
export class MysqlOffsetStore implements OffsetStore {
  private readonly pool: Pool;
  private readonly qualified: string;

  constructor(
    mysqlUrl: string,
    private readonly database: string,
    private readonly table: string,
    private readonly connector: string,
  ) {
    this.pool = createPool({ uri: mysqlUrl, connectionLimit: 2 });
    this.qualified = `\`${database}\`.\`${table}\``;
  }

  get description(): string {
    return `table ${this.database}.${this.table}`;
  }

  async init(): Promise<void> {
    try {
      await this.pool.query(`SELECT 1 FROM ${this.qualified} LIMIT 0`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ER_NO_SUCH_TABLE') throw this.accessError(err);
    }
    try {
      await this.pool.query(offsetsTableDdl(this.database, this.table));
    } catch (err) {
      throw new ConfigError(
        'FICUS_CDC_OFFSETS_TABLE_MISSING',
        `the offsets table ${this.database}.${this.table} does not exist and could not be created ` +
          `(${errorMessage(err)}); run as an administrator: ${offsetsTableDdl(this.database, this.table)}; ` +
          `then GRANT SELECT, INSERT, UPDATE, DELETE ON ${this.qualified} TO the connector's user`,
        { cause: err },
      );
    }
  }

  async load(): Promise<StoredOffset | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT offset_json FROM ${this.qualified} WHERE connector = ?`,
      [this.connector],
    );
    const text = rows[0]?.offset_json as string | undefined;
    if (text === undefined) return undefined;
    const parsed = storedOffsetSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new ConfigError(
        'FICUS_CDC_OFFSET_CORRUPT',
        `the offset of connector "${this.connector}" in ${this.description} is not valid ` +
          `(${parsed.error.issues[0]?.message}); delete that row to start over with the configured snapshot mode`,
      );
    }
    return parsed.data;
  }

  async commit(offset: StoredOffset): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO ${this.qualified} (connector, offset_json) VALUES (?, ?) ` +
          'ON DUPLICATE KEY UPDATE offset_json = VALUES(offset_json)',
        [this.connector, JSON.stringify(offset)],
      );
    } catch (err) {
      throw new InfraError(
        'FICUS_CDC_OFFSET_COMMIT_FAILED',
        `could not commit the offset to ${this.description}: ${errorMessage(err)}`,
        { cause: err, retriable: true },
      );
    }
  }

  async clear(): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.qualified} WHERE connector = ?`, [this.connector]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private accessError(err: unknown): ConfigError {
    return new ConfigError(
      'FICUS_CDC_OFFSETS_ACCESS',
      `cannot read the offsets table ${this.database}.${this.table}: ${errorMessage(err)}; ` +
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${this.qualified} TO the connector's user`,
      { cause: err },
    );
  }
}
