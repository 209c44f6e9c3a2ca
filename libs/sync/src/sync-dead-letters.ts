import type { ChangeHandler } from '@ficus/cdc';
import { IDEMPOTENCY_HEADER, type ChangeRecord } from '@ficus/contracts';
import type { Logger } from '@ficus/core';
import { syncFailure } from './sync-failure';

export type SyncDirection = 'inbound' | 'write-back';

/** The service's database, as TypeORM's DataSource (or a mysql2 pool wrapper) queries it. */
export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The table each service's database holds (see SYNC_SERVICE_TABLES_DDL). */
export const DEAD_LETTERS_TABLE = 'legacy_sync_dead_letters';

interface DeadLetterValue {
  reason?: { code?: string; message?: string };
  topic?: string;
  db?: string;
  table?: string;
  position?: { file?: string; pos?: number; eventsToSkip?: number };
  payload?: unknown;
}

/**
 * The embedded connector's dead-letter path for the sync: each change a direction could not
 * apply is kept in the service's database (reason, binlog position, the change itself for a
 * replay) and logged with its code and position only, never its data.
 */
export class SyncDeadLetters {
  constructor(
    private readonly database: SqlQueryable,
    private readonly logger: Logger,
  ) {}

  handler(direction: SyncDirection): ChangeHandler {
    return async (records) => {
      try {
        for (const record of records) await this.keep(direction, record);
      } catch (err) {
        throw syncFailure(err, `${direction} dead-letter`);
      }
    };
  }

  async count(direction: SyncDirection): Promise<number> {
    const rows = (await this.database.query(
      `SELECT COUNT(*) AS n FROM ${DEAD_LETTERS_TABLE} WHERE direction = ?`,
      [direction],
    )) as Array<{ n: string | number }>;
    return Number(rows[0]?.n ?? 0);
  }

  private async keep(direction: SyncDirection, record: ChangeRecord): Promise<void> {
    const letter = (record.value ?? {}) as DeadLetterValue;
    const message = letter.reason?.message ?? '';
    const code = rootCode(message) ?? letter.reason?.code ?? 'UNKNOWN';
    const position = `${letter.position?.file ?? ''}:${letter.position?.pos ?? 0}:${letter.position?.eventsToSkip ?? 0}`;
    const table = `${letter.db ?? ''}.${letter.table ?? ''}`;
    await this.database.query(
      `INSERT INTO ${DEAD_LETTERS_TABLE}
         (direction, reason_code, reason, source_table, position, idempotency_key, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        direction,
        code,
        message.slice(0, 2000),
        table,
        position,
        record.headers[IDEMPOTENCY_HEADER] ?? null,
        JSON.stringify(letter.payload ?? null),
      ],
    );
    this.logger.error(
      { direction, code, table, position },
      `a change could not be synced; kept in ${DEAD_LETTERS_TABLE}, the stream goes on`,
    );
  }
}

/**
 * The embedded transport wraps a handler's error (FICUS_CDC_HANDLER_FAILED: ...: <cause>); the
 * innermost code is the one an operator acts on (FICUS_ACL_INVALID: fix the row).
 */
function rootCode(message: string): string | undefined {
  const codes = message.match(/\bFICUS_[A-Z0-9_]+(?=:)/g);
  return codes?.[codes.length - 1];
}
