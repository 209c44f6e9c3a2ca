import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { FicusError } from '@ficus/core';
import { storeUnavailable } from '../control/control-errors';
import type { EndpointProgress, ProgressStore } from './progress';

const COLUMNS =
  'route, method, template, legacy, new, gateway, unrouted, fail_open, first_hit, last_hit, last_legacy, last_new, last_unrouted';
/** Rows per INSERT: one flush of a busy gateway stays a few statements. */
const BATCH = 200;

/** The later of the stored time and the delta's; either may be NULL (GREATEST would give NULL). */
const later = (column: string) =>
  `${column} = GREATEST(COALESCE(${column}, VALUES(${column})), COALESCE(VALUES(${column}), ${column}))`;

/**
 * Progress in the control database (table ficus_progress, control-migrations.ts): every replica
 * adds its deltas, so the counts are the whole fleet's and outlive restarts. The schema is the
 * control store's, migrated by it before this store is used.
 */
export class MysqlProgressStore implements ProgressStore {
  readonly persistent = true;
  private readonly pool: Pool;

  constructor(url: string) {
    // timezone Z: DATETIME columns hold UTC whatever the server's or this host's zone.
    this.pool = createPool({ uri: url, connectionLimit: 2, timezone: 'Z', dateStrings: false });
  }

  async add(deltas: readonly EndpointProgress[]): Promise<void> {
    try {
      for (let i = 0; i < deltas.length; i += BATCH) {
        const batch = deltas.slice(i, i + BATCH);
        await this.pool.query(
          `INSERT INTO ficus_progress (${COLUMNS}) VALUES ?
           ON DUPLICATE KEY UPDATE legacy = legacy + VALUES(legacy), new = new + VALUES(new),
             gateway = gateway + VALUES(gateway), unrouted = unrouted + VALUES(unrouted),
             fail_open = fail_open + VALUES(fail_open),
             first_hit = LEAST(first_hit, VALUES(first_hit)),
             last_hit = GREATEST(last_hit, VALUES(last_hit)),
             ${later('last_legacy')}, ${later('last_new')}, ${later('last_unrouted')}`,
          [batch.map(toPersistence)],
        );
      }
    } catch (err) {
      throw wrap('store the strangling progress', err);
    }
  }

  async endpoints(limit: number): Promise<EndpointProgress[]> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        `SELECT ${COLUMNS} FROM ficus_progress
         ORDER BY legacy + new + gateway DESC, route, method, template LIMIT ?`,
        [limit],
      );
      return rows.map(toDomain);
    } catch (err) {
      throw wrap('read the strangling progress', err);
    }
  }

  async countingSince(): Promise<Date> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        'SELECT since FROM ficus_progress_since WHERE id = 1',
      );
      const since = rows[0]?.since as Date | undefined;
      if (!since)
        throw new FicusError(
          'FICUS_CONTROL_STORE_CORRUPT',
          'ficus_progress_since has no row; restart a gateway to migrate the control database',
        );
      return since;
    } catch (err) {
      throw wrap('read since when progress is counted', err);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toPersistence(row: EndpointProgress): unknown[] {
  return [
    row.route,
    row.method,
    row.template,
    row.legacy,
    row.new,
    row.gateway,
    row.unrouted,
    row.failOpen,
    row.firstHit,
    row.lastHit,
    row.lastLegacy,
    row.lastNew,
    row.lastUnrouted,
  ];
}

function toDomain(row: RowDataPacket): EndpointProgress {
  return {
    route: String(row.route),
    method: String(row.method),
    template: String(row.template),
    legacy: Number(row.legacy),
    new: Number(row.new),
    gateway: Number(row.gateway),
    unrouted: Number(row.unrouted),
    failOpen: Number(row.fail_open),
    firstHit: row.first_hit as Date,
    lastHit: row.last_hit as Date,
    lastLegacy: (row.last_legacy as Date | null) ?? null,
    lastNew: (row.last_new as Date | null) ?? null,
    lastUnrouted: (row.last_unrouted as Date | null) ?? null,
  };
}

function wrap(action: string, err: unknown): FicusError {
  return err instanceof FicusError ? err : storeUnavailable(action, err);
}
