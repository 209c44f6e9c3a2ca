import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { ConfigError, type Logger } from '@ficus/core';
import { legacyBookingStatements } from '@ficus/legacy-adapter';
import type { LegacyDatabase } from '@ficus/sync';

/**
 * The clinic's database, as the service writes to it in its requests while the monolith is the
 * system of record: on the sync's LegacyDatabase, so that the service holds one pool to the clinic
 * (which ends it at shutdown, after the sync has stopped). `transaction` is the only way in.
 */
export class LegacyClinicDatabase {
  constructor(
    private readonly clinic: LegacyDatabase,
    private readonly log: Logger,
  ) {}

  /**
   * A clinic the server refuses (no such database, user or grant, no such table) is a setting to
   * fix, said at start rather than at the first booking. A server that does not answer yet is not:
   * the service starts and serves reads, and writes answer 5xx until it does.
   */
  async onModuleInit(): Promise<void> {
    const probe = legacyBookingStatements.probe();
    try {
      await this.clinic.read<RowDataPacket[]>(probe.sql, probe.params);
    } catch (err) {
      const { code, sqlState } = err as { code?: unknown; sqlState?: unknown };
      if (typeof sqlState !== 'string') {
        this.log.warn({ code }, 'the clinic database does not answer yet; writes wait for it');
        return;
      }
      throw new ConfigError(
        'FICUS_SCHEDULING_BAD_ENV',
        `SCHEDULING_LEGACY_DATABASE_URL: the clinic database refused the service (${String(code)}); ` +
          'name the clinic database and a user with the grants docs/scheduling-service.md lists',
        { cause: err },
      );
    }
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    return this.clinic.transaction(work);
  }
}
