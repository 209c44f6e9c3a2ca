import { z } from 'zod';
import {
  ROUTE_MODES,
  routeSchema,
  type RouteConfig,
  type RouteMode,
} from '../config/config.schema';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  type StoredRoute,
} from './control-store.port';
import { storeCorrupt } from './control-errors';
import { SCHEDULE_STATES, type ScheduleRecord } from './step-schedule';

export interface RouteRow {
  name: string;
  definition: unknown;
  mode: string;
  weight: number;
  previous_mode: string | null;
  previous_weight: number | null;
  version: number | string;
}

export interface AuditRow {
  id: number | string;
  at: Date;
  actor: string;
  route: string;
  action: string;
  before_json: unknown;
  after_json: unknown;
  reason: string;
}

/** MariaDB hands JSON columns back as text, MySQL as objects. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

function routeConfig(value: unknown, what: string): RouteConfig {
  const parsed = routeSchema.safeParse(json(value));
  if (!parsed.success) throw storeCorrupt(what, parsed.error);
  return parsed.data;
}

function mode(value: string, what: string): RouteMode {
  if ((ROUTE_MODES as readonly string[]).includes(value)) return value as RouteMode;
  throw storeCorrupt(what);
}

export function routeToDomain(row: RouteRow): StoredRoute {
  const what = `route "${row.name}"`;
  return {
    name: row.name,
    definition: routeConfig(row.definition, what),
    mode: mode(row.mode, what),
    weight: row.weight,
    previousMode: row.previous_mode === null ? null : mode(row.previous_mode, what),
    previousWeight: row.previous_weight,
    version: Number(row.version),
  };
}

export function routeToPersistence(route: Omit<StoredRoute, 'version'>): unknown[] {
  return [
    route.name,
    JSON.stringify(route.definition),
    route.mode,
    route.weight,
    route.previousMode,
    route.previousWeight,
  ];
}

export function auditToDomain(row: AuditRow): AuditEntry {
  const what = `audit entry ${row.id}`;
  if (!(AUDIT_ACTIONS as readonly string[]).includes(row.action)) throw storeCorrupt(what);
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    route: row.route,
    action: row.action as AuditAction,
    before: row.before_json === null ? null : routeConfig(row.before_json, what),
    after: row.after_json === null ? null : routeConfig(row.after_json, what),
    reason: row.reason,
  };
}

export function auditToPersistence(entry: Omit<AuditEntry, 'id'>): unknown[] {
  return [
    entry.at,
    entry.actor,
    entry.route,
    entry.action,
    entry.before === null ? null : JSON.stringify(entry.before),
    entry.after === null ? null : JSON.stringify(entry.after),
    entry.reason,
  ];
}

export interface ScheduleRow {
  route: string;
  revision: number | string;
  record: unknown;
}

const placementSchema = z.object({ mode: z.enum(ROUTE_MODES), weight: z.number().int() });
const scheduleRecordSchema = z.object({
  state: z.enum(SCHEDULE_STATES),
  steps: z.array(z.number().int()).min(1),
  everyMs: z.number().int().min(0),
  next: z.number().int().min(0),
  dueAt: z.iso.datetime().transform((v) => new Date(v)),
  expected: placementSchema,
  startedBy: z.string(),
  startedAt: z.iso.datetime().transform((v) => new Date(v)),
  note: z.string(),
  updatedAt: z.iso.datetime().transform((v) => new Date(v)),
});

export function scheduleToDomain(row: ScheduleRow): ScheduleRecord {
  const parsed = scheduleRecordSchema.safeParse(json(row.record));
  if (!parsed.success) throw storeCorrupt(`schedule of route "${row.route}"`, parsed.error);
  return { ...parsed.data, route: row.route, revision: Number(row.revision) };
}

/** route, revision, state, record, updated_at. */
export function scheduleToPersistence(schedule: ScheduleRecord): unknown[] {
  const { route, revision, ...record } = schedule;
  return [route, revision, schedule.state, JSON.stringify(record), schedule.updatedAt];
}
