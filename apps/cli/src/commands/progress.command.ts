import type { AdminClient } from '../admin-client';
import { EXIT } from '../exit-codes';
import { pct, placement, table } from '../format';

interface Counts {
  legacy: number;
  new: number;
  gateway: number;
  unrouted: number;
  newShare: number | null;
}

interface EndpointBody extends Counts {
  method: string;
  template: string;
  failOpen: number;
  lastHit: string;
  lastLegacy: string | null;
  lastUnrouted: string | null;
}

interface RouteBody extends Counts {
  route: string;
  mode: string | null;
  weight: number;
  lastHit: string | null;
  lastLegacy: string | null;
  endpoints: EndpointBody[];
}

export interface ProgressBody {
  at: string;
  countingSince: string;
  persistent: boolean;
  retireQuietForMs: number;
  overall: Counts;
  routes: RouteBody[];
}

const UNMATCHED = '(unmatched)';

/** An instant as the table shows it: UTC to the second, and how long ago. */
function when(iso: string | null, now: string): string {
  if (!iso) return '—';
  const ago = Math.max(0, Date.parse(now) - Date.parse(iso)) / 1000;
  const span =
    ago < 120
      ? `${Math.floor(ago)}s`
      : ago < 7200
        ? `${Math.floor(ago / 60)}m`
        : ago < 172_800
          ? `${Math.floor(ago / 3600)}h`
          : `${Math.floor(ago / 86_400)}d`;
  return `${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} (${span} ago)`;
}

function counted(p: ProgressBody): string {
  const where = p.persistent
    ? 'in the control database, every replica'
    : 'by this gateway since it started (no control database: a restart starts again)';
  return `counted since ${p.countingSince.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, ${where}`;
}

/** The overall share and what holds routes: for `ficus status`, under its table. */
export function renderProgressSummary(p: ProgressBody): string {
  const all = p.overall;
  const served = all.legacy + all.new;
  const lines = [
    served === 0
      ? `strangling progress: no requests yet (${counted(p)})`
      : `strangling progress: new code serves ${pct(all.newShare, 1)} of ${served} requests (${counted(p)})`,
  ];
  const unmatched = p.routes.find((r) => r.route === UNMATCHED);
  if (unmatched && unmatched.endpoints.length)
    lines.push(
      `  ${unmatched.endpoints.length} endpoints no route covers, ${unmatched.legacy} requests (ficus progress lists them)`,
    );
  for (const r of p.routes.filter((x) => x.unrouted > 0)) {
    const where = r.endpoints
      .filter((e) => e.unrouted > 0)
      .map((e) => `${e.method} ${e.template}`)
      .join(', ');
    lines.push(`  ${r.route}: ${r.unrouted} requests the target has no route for: ${where}`);
  }
  return lines.join('\n');
}

export function renderProgress(p: ProgressBody, only?: RouteBody[]): string {
  const routes = only ?? p.routes;
  const summary = table(
    ['ROUTE', 'MODE', 'LEGACY', 'NEW', 'GATEWAY', 'UNROUTED', 'ON NEW', 'LAST LEGACY'],
    routes.map((r) => [
      r.route,
      r.mode === null ? '—' : placement(r.mode, r.weight),
      String(r.legacy),
      String(r.new),
      String(r.gateway),
      String(r.unrouted),
      pct(r.newShare, 1),
      when(r.lastLegacy, p.at),
    ]),
  );
  const endpoints = table(
    ['ROUTE', 'ENDPOINT', 'LEGACY', 'NEW', 'UNROUTED', 'ON NEW', 'LAST HIT', 'LAST LEGACY'],
    routes.flatMap((r) =>
      r.endpoints.map((e) => [
        r.route,
        `${e.method} ${e.template}`,
        String(e.legacy),
        String(e.new),
        String(e.unrouted),
        pct(e.newShare, 1),
        when(e.lastHit, p.at),
        when(e.lastLegacy, p.at),
      ]),
    ),
  );
  const quiet = Math.round(p.retireQuietForMs / 86_400_000);
  return [
    summary,
    '',
    endpoints,
    '',
    renderProgressSummary(p).split('\n')[0]!,
    `a route may be retired once legacy has served none of its requests (fail-opens included) for ${quiet >= 1 ? `${quiet}d` : `${Math.round(p.retireQuietForMs / 1000)}s`}`,
  ].join('\n');
}

export async function progressCommand(
  admin: AdminClient,
  route: string | undefined,
  out: { json: boolean },
): Promise<number> {
  const progress = await admin.get<ProgressBody>('/admin/progress');
  const only = route === undefined ? undefined : progress.routes.filter((r) => r.route === route);
  if (only && only.length === 0) {
    console.error(
      `ficus: route "${route}" has no progress: it is not defined (ficus routes lists them)`,
    );
    return EXIT.NOT_FOUND;
  }
  if (out.json) {
    console.log(JSON.stringify(only ? { ...progress, routes: only } : progress, null, 2));
    return EXIT.OK;
  }
  console.log(renderProgress(progress, only));
  return EXIT.OK;
}
