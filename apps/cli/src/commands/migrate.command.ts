import { FicusError } from '@ficus/core';
import type { AdminClient, GateBody } from '../admin-client';
import { EXIT } from '../exit-codes';
import { duration, pct, placement, table } from '../format';
import { renderProgressSummary, type ProgressBody } from './progress.command';
import { renderSchedule, type ScheduleBody } from './schedule.command';

interface SideBody {
  requests: number;
  errors: number;
  errorRate: number | null;
  p99Ms: number | null;
}

export interface TrafficBody {
  legacy: number;
  new: number;
  gateway: number;
  newShare: number | null;
}

export interface RouteStatusBody {
  name: string;
  mode: string;
  weight: number;
  group?: string;
  target?: string;
  figures: {
    since: string;
    timeInStepMs: number;
    comparisons: number;
    matches: number;
    parityRate: number | null;
    legacy: SideBody;
    new: SideBody;
  } | null;
  gates: GateBody[];
  gatesHold: boolean;
  traffic?: TrafficBody | null;
  schedule?: ScheduleBody | null;
}

interface RouteBody {
  name: string;
  mode: string;
  weight: number;
  definition: { methods?: string[]; path: string; target?: string; group?: string };
  rollbackTo: { mode: string; weight: number } | null;
}

interface AuditEntryBody {
  id: number;
  at: string;
  actor: string;
  route: string;
  action: string;
  before: { mode: string; weight: number } | null;
  after: { mode: string; weight: number } | null;
  reason: string;
}

interface ModeChangeBody {
  route: RouteBody;
  audit: AuditEntryBody | null;
}

export interface Output {
  json: boolean;
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

function gateLines(gates: GateBody[]): string {
  return table(
    ['  STATE', 'GATE', 'DETAIL'],
    gates.map((g) => [`  ${g.state}`, g.gate, g.detail]),
  );
}

function gatesCell(route: RouteStatusBody): string {
  if (route.gates.length === 0) return 'none declared';
  const open = route.gates.filter((g) => g.state !== 'pass').length;
  return open === 0 ? 'hold' : `${open} of ${route.gates.length} do not hold`;
}

function sides(f: RouteStatusBody['figures'], pick: (s: SideBody) => string): string {
  return f ? `${pick(f.new)} / ${pick(f.legacy)}` : '—';
}

/** The strangling progress: how much of the traffic the new code serves, since the gateway started. */
export function renderTraffic(traffic: TrafficBody): string {
  const total = traffic.legacy + traffic.new;
  return total === 0
    ? 'traffic on new code: no requests since the gateway started'
    : `traffic on new code: ${pct(traffic.newShare, 1)} of ${total} requests since the gateway started (new ${traffic.new}, legacy ${traffic.legacy}, unmatched requests included)`;
}

export function renderStatus(routes: RouteStatusBody[], overall?: TrafficBody | null): string {
  const rows = routes.map((r) => [
    r.name,
    placement(r.mode, r.weight),
    r.figures ? duration(r.figures.timeInStepMs) : '—',
    r.figures ? String(r.figures.comparisons) : '—',
    pct(r.figures?.parityRate),
    sides(r.figures, (s) => (s.requests ? `${s.requests}` : '0')),
    sides(r.figures, (s) => pct(s.errorRate)),
    sides(r.figures, (s) => (s.p99Ms === null ? 'no data' : `≤${s.p99Ms}ms`)),
    r.traffic ? pct(r.traffic.newShare, 1) : '—',
    gatesCell(r),
  ]);
  const out = [
    table(
      [
        'ROUTE',
        'MODE',
        'IN STEP',
        'COMPARED',
        'PARITY',
        'REQUESTS NEW/LEGACY',
        'ERRORS NEW/LEGACY',
        'P99 NEW/LEGACY',
        'ON NEW',
        'GATES',
      ],
      rows,
    ),
  ];
  if (overall) out.push('', renderTraffic(overall));
  for (const r of routes.filter((x) => x.gates.length)) {
    out.push('', `${r.name}: gates to leave ${placement(r.mode, r.weight)}`, gateLines(r.gates));
  }
  for (const r of routes) if (r.schedule) out.push('', renderSchedule(r.name, r.schedule));
  return out.join('\n');
}

export async function statusCommand(
  admin: AdminClient,
  route: string | undefined,
  out: Output,
): Promise<number> {
  if (route) {
    const one = await admin.get<RouteStatusBody>(
      `/admin/routes/${encodeURIComponent(route)}/status`,
    );
    console.log(out.json ? JSON.stringify(one, null, 2) : renderStatus([one]));
    return EXIT.OK;
  }
  const all = await admin.get<{ routes: RouteStatusBody[]; traffic: TrafficBody | null }>(
    '/admin/status',
  );
  if (out.json) {
    console.log(JSON.stringify(all, null, 2));
    return EXIT.OK;
  }
  const progress = await admin.get<ProgressBody>('/admin/progress');
  console.log(`${renderStatus(all.routes, all.traffic)}\n\n${renderProgressSummary(progress)}`);
  return EXIT.OK;
}

export async function routesCommand(admin: AdminClient, out: Output): Promise<number> {
  const routes = await admin.get<RouteBody[]>('/admin/routes');
  if (out.json) {
    print(routes);
    return EXIT.OK;
  }
  console.log(
    table(
      ['ROUTE', 'METHODS', 'PATH', 'MODE', 'TARGET', 'GROUP', 'ROLLBACK TO'],
      routes.map((r) => [
        r.name,
        r.definition.methods?.join(',') ?? 'any',
        r.definition.path,
        placement(r.mode, r.weight),
        r.definition.target ?? '—',
        r.definition.group ?? '—',
        r.rollbackTo ? placement(r.rollbackTo.mode, r.rollbackTo.weight) : '—',
      ]),
    ),
  );
  return EXIT.OK;
}

/** The canary weights `promote` walks through, then new. */
export const CANARY_STEPS = [10, 25, 50] as const;

/** The next step forward from a mode: legacy → shadow → canary 10 → 25 → 50 → new → retired. */
export function nextStep(
  mode: string,
  weight: number,
  canaryWeight?: number,
): { mode: string; weight?: number } {
  switch (mode) {
    case 'legacy':
      return { mode: 'shadow' };
    case 'shadow':
      return { mode: 'canary', weight: canaryWeight ?? CANARY_STEPS[0] };
    case 'canary': {
      const up = canaryWeight ?? CANARY_STEPS.find((w) => w > weight);
      return up === undefined || up >= 100 ? { mode: 'new' } : { mode: 'canary', weight: up };
    }
    case 'new':
      return { mode: 'retired' };
    default:
      throw new FicusError(
        'FICUS_CLI_NO_NEXT_STEP',
        `the route is ${mode}: there is no step forward from there`,
      );
  }
}

export type Move =
  | { kind: 'mode'; mode: string; weight?: number }
  | { kind: 'promote'; weight?: number }
  | { kind: 'rollback' }
  | { kind: 'abort' };

export interface MoveOptions extends Output {
  reason?: string | undefined;
  force: boolean;
}

/** shadow, canary, promote, rollback, abort: one change through the admin API, audited there. */
export async function moveCommand(
  admin: AdminClient,
  route: string,
  move: Move,
  opts: MoveOptions,
): Promise<number> {
  const path = `/admin/routes/${encodeURIComponent(route)}`;
  const reason = opts.reason === undefined ? {} : { reason: opts.reason };
  let result: ModeChangeBody;
  if (move.kind === 'rollback' || move.kind === 'abort') {
    result = await admin.send<ModeChangeBody>('POST', `${path}/${move.kind}`, reason);
  } else {
    let target: { mode: string; weight?: number | undefined };
    if (move.kind === 'promote') {
      const current = await admin.get<RouteBody>(path);
      target = nextStep(current.mode, current.weight, move.weight);
    } else target = move;
    result = await admin.send<ModeChangeBody>('PUT', `${path}/mode`, {
      mode: target.mode,
      ...(target.weight === undefined ? {} : { weight: target.weight }),
      ...reason,
      ...(opts.force ? { force: true } : {}),
    });
  }
  if (opts.json) {
    print(result);
    return EXIT.OK;
  }
  const now = placement(result.route.mode, result.route.weight);
  const audit = result.audit;
  if (!audit) console.log(`${route}: already ${now}; nothing changed`);
  else {
    const was = audit.before ? placement(audit.before.mode, audit.before.weight) : '—';
    console.log(`${route}: ${was} → ${now}  (${audit.action}, audit #${audit.id})`);
  }
  return EXIT.OK;
}

export async function auditCommand(
  admin: AdminClient,
  opts: Output & { route?: string | undefined; limit: number },
): Promise<number> {
  const query = new URLSearchParams({ limit: String(opts.limit) });
  if (opts.route) query.set('route', opts.route);
  const page = await admin.get<{ entries: AuditEntryBody[]; next: number | null }>(
    `/admin/audit?${query.toString()}`,
  );
  if (opts.json) {
    print(page);
    return EXIT.OK;
  }
  const show = (s: AuditEntryBody['before']) => (s ? placement(s.mode, s.weight) : '—');
  console.log(
    table(
      ['#', 'AT', 'ROUTE', 'ACTION', 'MOVE', 'ACTOR', 'REASON'],
      page.entries
        .slice()
        .reverse()
        .map((e) => [
          String(e.id),
          e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
          e.route,
          e.action,
          `${show(e.before)} → ${show(e.after)}`,
          e.actor,
          e.reason,
        ]),
    ),
  );
  return EXIT.OK;
}
