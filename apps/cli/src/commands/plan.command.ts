import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError, errorMessage } from '@ficus/core';
import type { AdminClient } from '../admin-client';
import { EXIT } from '../exit-codes';

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

/** Live route modes from a running gateway's admin API; its refusals and absence are errors. */
async function liveRoutes(admin: AdminClient): Promise<PlanRoute[]> {
  const body = await admin.get<LiveRoute[]>('/admin/routes');
  return body.map((r) => ({ ...r.definition, mode: r.mode, weight: r.weight }));
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

export interface PlanOptions {
  /** The migration plan whose status block `--write` replaces. */
  file: string;
  write: boolean;
  /** Read the declared modes from this config file instead of the live gateway; never implied. */
  fromConfig?: string | undefined;
}

/**
 * `ficus plan [--write] [--file F] [--from-config]`: the route status table of the migration plan,
 * from the live admin API. When it cannot be read the command fails (exit code of the refusal):
 * the file's modes may be long stale, so they are used only when asked for with --from-config.
 */
export async function planCommand(admin: AdminClient, opts: PlanOptions): Promise<number> {
  const routes = opts.fromConfig ? declaredRoutes(opts.fromConfig) : await liveRoutes(admin);
  const source = opts.fromConfig
    ? `the modes declared in ${opts.fromConfig} (not the live gateway)`
    : `the live gateway at ${admin.url}`;
  const table = renderStatusTable(routes);
  if (!opts.write) {
    console.log(table);
    if (opts.fromConfig) console.error(`from ${source}`);
    return EXIT.OK;
  }
  writeFileSync(opts.file, replaceStatusBlock(readFileSync(opts.file, 'utf8'), table));
  console.log(`${opts.file}: status table updated from ${source}`);
  return EXIT.OK;
}
