import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError, errorMessage } from '@ficus/core';

export interface PlanRoute {
  name: string;
  methods?: string[];
  path: string;
  mode?: string;
  weight?: number;
  target?: string;
}

/** A route as the admin API lists it: the definition from the file, the mode and weight live. */
interface LiveRoute {
  mode: string;
  weight: number;
  definition: PlanRoute;
}

const BEGIN = '<!-- status:begin -->';
const END = '<!-- status:end -->';

/** Live route modes from a running gateway's admin API, or undefined when none answers. */
async function liveRoutes(
  adminUrl: string,
  token: string | undefined,
): Promise<PlanRoute[] | undefined> {
  try {
    const res = await fetch(`${adminUrl.replace(/\/$/, '')}/admin/routes`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as LiveRoute[];
    return body.map((r) => ({ ...r.definition, mode: r.mode, weight: r.weight }));
  } catch {
    return undefined;
  }
}

/** Declared routes from the config file. The gateway validates the file; this only reads the table. */
function declaredRoutes(configFile: string): PlanRoute[] {
  try {
    const doc = parse(readFileSync(configFile, 'utf8')) as { routes?: PlanRoute[] } | null;
    return doc?.routes ?? [];
  } catch (err) {
    throw new ConfigError(
      'FICUS_PLAN_CONFIG',
      `cannot read routes from ${configFile}: ${errorMessage(err)}`,
    );
  }
}

export function renderStatusTable(routes: PlanRoute[]): string {
  const rows = routes.map(
    (r) =>
      `| ${r.name} | ${r.methods?.join(', ') ?? 'any'} | ${r.path} | ${r.mode ?? 'legacy'} | ${r.weight ?? 0} | ${r.target ?? '—'} |`,
  );
  return [
    '| route | methods | path | mode | canary weight | target |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function replaceStatusBlock(doc: string, table: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start === -1 || end < start) {
    throw new ConfigError(
      'FICUS_PLAN_MARKERS',
      `the plan has no ${BEGIN} … ${END} block; add both markers where the table goes`,
    );
  }
  return `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`;
}

/** `ficus plan status [--write]`: the route status table of migration-plan.md. */
export async function planStatusCommand(opts: {
  config: string;
  plan: string;
  admin: string;
  write: boolean;
}): Promise<number> {
  const live = await liveRoutes(opts.admin, process.env.FICUS_ADMIN_TOKEN);
  const table = renderStatusTable(live ?? declaredRoutes(opts.config));
  if (!opts.write) {
    console.log(table);
    return 0;
  }
  writeFileSync(opts.plan, replaceStatusBlock(readFileSync(opts.plan, 'utf8'), table));
  console.log(
    `${opts.plan}: status table updated from ${live ? `the live gateway at ${opts.admin}` : opts.config}`,
  );
  return 0;
}
