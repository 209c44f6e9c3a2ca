import {
  createPool,
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';
import { FicusError, inTransaction } from '@ficus/core';
import type { RouteConfig } from '../config/config.schema';
import { CONTROL_MIGRATIONS, MIGRATIONS_TABLE } from './control-migrations';
import { routeUnknown, storeUnavailable } from './control-errors';
import {
  auditToDomain,
  auditToPersistence,
  routeToDomain,
  routeToPersistence,
  scheduleToDomain,
  scheduleToPersistence,
  type AuditRow,
  type RouteRow,
  type ScheduleRow,
} from './control-rows.mapper';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ControlStore,
  ModeChange,
  RouteCheck,
  ScheduleSaved,
  ScheduleWrite,
  StoredRoute,
} from './control-store.port';
import { planScheduleWrite } from './schedule-write';
import { planSeed, seedAudit, type SeedStep } from './seed-plan';
import type { ScheduleRecord } from './step-schedule';
import { liveConfig } from './stored-route';

const ROUTE_COLUMNS = 'name, definition, mode, weight, previous_mode, previous_weight, version';
const AUDIT_COLUMNS = 'id, at, actor, route, action, before_json, after_json, reason';
const MIGRATION_LOCK = 'ficus_control_migrate';

/**
 * The shared control store. Every write takes the single version row FOR UPDATE first, so writes
 * from all replicas are serialised, each bumps the version once, and a poller that sees the same
 * version knows nothing changed.
 */
export class MysqlControlStore implements ControlStore {
  readonly shared = true;
  private readonly pool: Pool;

  constructor(url: string) {
    // timezone Z: DATETIME columns hold UTC whatever the server's or this host's zone.
    this.pool = createPool({ uri: url, connectionLimit: 4, timezone: 'Z', dateStrings: false });
  }

  async migrate(): Promise<void> {
    const conn = await this.connect('migrate the control schema');
    try {
      // DDL commits implicitly, so replicas starting together serialise on a named lock instead.
      const [got] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, 30) AS got', [
        MIGRATION_LOCK,
      ]);
      if (got[0]?.got !== 1) {
        throw new FicusError(
          'FICUS_CONTROL_MIGRATION_LOCKED',
          'another gateway held the control schema migration lock for 30 s; start again when it is done',
          { retriable: true },
        );
      }
      await this.applyMigrations(conn);
    } catch (err) {
      throw wrap('migrate the control schema', err);
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).catch(() => undefined);
      conn.release();
    }
  }

  private async applyMigrations(conn: PoolConnection): Promise<void> {
    await conn.query(MIGRATIONS_TABLE);
    const [rows] = await conn.query<RowDataPacket[]>('SELECT id FROM ficus_control_migrations');
    const applied = new Set(rows.map((r) => Number(r.id)));
    for (const migration of CONTROL_MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      for (const statement of migration.statements) await conn.query(statement);
      await conn.query(
        'INSERT INTO ficus_control_migrations (id, name, applied_at) VALUES (?, ?, ?)',
        [migration.id, migration.name, new Date()],
      );
    }
  }

  seed(
    fileRoutes: readonly RouteConfig[],
    actor: string,
    check: RouteCheck,
  ): Promise<AuditEntry[]> {
    return this.transaction('seed the routes', async (conn, version) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT ${ROUTE_COLUMNS} FROM ficus_routes FOR UPDATE`,
      );
      const steps = planSeed(fileRoutes, (rows as RouteRow[]).map(routeToDomain), check);
      const entries: AuditEntry[] = [];
      for (const step of steps) {
        await this.writeStep(conn, step, version);
        entries.push(await this.appendAudit(conn, seedAudit(step, actor, new Date())));
      }
      return { result: entries, changed: steps.length > 0 };
    });
  }

  private async writeStep(conn: PoolConnection, step: SeedStep, version: number): Promise<void> {
    if (step.next === null) {
      await conn.query('DELETE FROM ficus_routes WHERE name = ?', [step.route]);
      return;
    }
    await conn.query(
      `INSERT INTO ficus_routes (${ROUTE_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE definition = VALUES(definition), mode = VALUES(mode),
         weight = VALUES(weight), previous_mode = VALUES(previous_mode),
         previous_weight = VALUES(previous_weight), version = VALUES(version),
         updated_at = VALUES(updated_at)`,
      [...routeToPersistence(step.next), version, new Date()],
    );
  }

  async version(): Promise<number> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        'SELECT version FROM ficus_control_version WHERE id = 1',
      );
      return Number(rows[0]?.version ?? 0);
    } catch (err) {
      throw wrap('read the control version', err);
    }
  }

  async routes(): Promise<StoredRoute[]> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        `SELECT ${ROUTE_COLUMNS} FROM ficus_routes ORDER BY name`,
      );
      return (rows as RouteRow[]).map(routeToDomain);
    } catch (err) {
      throw wrap('read the routes', err);
    }
  }

  async route(name: string): Promise<StoredRoute | undefined> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        `SELECT ${ROUTE_COLUMNS} FROM ficus_routes WHERE name = ?`,
        [name],
      );
      const row = rows[0] as RouteRow | undefined;
      return row && routeToDomain(row);
    } catch (err) {
      throw wrap('read a route', err);
    }
  }

  setMode(change: ModeChange): Promise<AuditEntry | null> {
    return this.transaction('change a route mode', async (conn, version) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT ${ROUTE_COLUMNS} FROM ficus_routes WHERE name = ? FOR UPDATE`,
        [change.route],
      );
      const row = rows[0] as RouteRow | undefined;
      if (!row) throw routeUnknown(change.route);
      const current = routeToDomain(row);
      if (current.mode === change.mode && current.weight === change.weight)
        return { result: null, changed: false };
      await conn.query(
        `UPDATE ficus_routes SET mode = ?, weight = ?, previous_mode = ?, previous_weight = ?,
           version = ?, updated_at = ? WHERE name = ?`,
        [
          change.mode,
          change.weight,
          current.mode,
          current.weight,
          version,
          new Date(),
          change.route,
        ],
      );
      const entry = await this.appendAudit(conn, {
        at: new Date(),
        actor: change.actor,
        route: change.route,
        action: change.action,
        before: liveConfig(current),
        after: liveConfig({ ...current, mode: change.mode, weight: change.weight }),
        reason: change.reason,
      });
      return { result: entry, changed: true };
    });
  }

  async audit(query: AuditQuery): Promise<AuditPage> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        `SELECT ${AUDIT_COLUMNS} FROM ficus_audit
         WHERE (? IS NULL OR id < ?) AND (? IS NULL OR route = ?)
         ORDER BY id DESC LIMIT ?`,
        [
          query.before ?? null,
          query.before ?? null,
          query.route ?? null,
          query.route ?? null,
          query.limit + 1,
        ],
      );
      const entries = (rows as AuditRow[]).slice(0, query.limit).map(auditToDomain);
      const more = rows.length > query.limit;
      return { entries, next: more ? (entries.at(-1)?.id ?? null) : null };
    } catch (err) {
      throw wrap('read the audit log', err);
    }
  }

  async schedules(): Promise<ScheduleRecord[]> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        'SELECT route, revision, record FROM ficus_schedules ORDER BY route',
      );
      return (rows as ScheduleRow[]).map(scheduleToDomain);
    } catch (err) {
      throw wrap('read the step schedules', err);
    }
  }

  /**
   * Under the version row's lock, like every write: two replicas taking the same step serialise
   * here, and the second finds the revision it read gone.
   */
  saveSchedule(write: ScheduleWrite): Promise<ScheduleSaved> {
    const name = write.schedule.route;
    return this.transaction<ScheduleSaved>('save a step schedule', async (conn, version) => {
      const [routes] = await conn.query<RowDataPacket[]>(
        `SELECT ${ROUTE_COLUMNS} FROM ficus_routes WHERE name = ? FOR UPDATE`,
        [name],
      );
      const row = routes[0] as RouteRow | undefined;
      if (!row) throw routeUnknown(name);
      const [schedules] = await conn.query<RowDataPacket[]>(
        'SELECT route, revision, record FROM ficus_schedules WHERE route = ? FOR UPDATE',
        [name],
      );
      const current = schedules[0] as ScheduleRow | undefined;
      const at = new Date();
      const plan = planScheduleWrite(
        current && scheduleToDomain(current),
        routeToDomain(row),
        write,
        at,
      );
      if (!plan) return { result: { saved: false, schedule: null, audit: null }, changed: false };
      if (plan.route) {
        await conn.query(
          `UPDATE ficus_routes SET mode = ?, weight = ?, previous_mode = ?, previous_weight = ?,
             version = ?, updated_at = ? WHERE name = ?`,
          [
            plan.route.mode,
            plan.route.weight,
            plan.route.previousMode,
            plan.route.previousWeight,
            version,
            at,
            name,
          ],
        );
      }
      await conn.query(
        `INSERT INTO ficus_schedules (route, revision, state, record, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE revision = VALUES(revision), state = VALUES(state),
           record = VALUES(record), updated_at = VALUES(updated_at)`,
        scheduleToPersistence(plan.schedule),
      );
      const audit = await this.appendAudit(conn, plan.audit);
      return { result: { saved: true, schedule: plan.schedule, audit }, changed: true };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async appendAudit(
    conn: PoolConnection,
    entry: Omit<AuditEntry, 'id'>,
  ): Promise<AuditEntry> {
    const [res] = await conn.query<ResultSetHeader>(
      `INSERT INTO ficus_audit (at, actor, route, action, before_json, after_json, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      auditToPersistence(entry),
    );
    return { ...entry, id: res.insertId };
  }

  /** Runs `work` holding the version row; bumps the version when it reports a change. */
  private async transaction<T>(
    action: string,
    work: (conn: PoolConnection, nextVersion: number) => Promise<{ result: T; changed: boolean }>,
  ): Promise<T> {
    const conn = await this.connect(action);
    try {
      return await inTransaction(conn, async () => {
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT version FROM ficus_control_version WHERE id = 1 FOR UPDATE',
        );
        const next = Number(rows[0]?.version ?? 0) + 1;
        const { result, changed } = await work(conn, next);
        if (changed)
          await conn.query('UPDATE ficus_control_version SET version = ? WHERE id = 1', [next]);
        return result;
      });
    } catch (err) {
      throw wrap(action, err);
    } finally {
      conn.release();
    }
  }

  private async connect(action: string): Promise<PoolConnection> {
    try {
      return await this.pool.getConnection();
    } catch (err) {
      throw storeUnavailable(action, err);
    }
  }
}

function wrap(action: string, err: unknown): FicusError {
  return err instanceof FicusError ? err : storeUnavailable(action, err);
}
