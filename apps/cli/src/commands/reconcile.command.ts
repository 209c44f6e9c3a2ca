import { FicusError, errorMessage } from '@ficus/core';
import { EXIT, type ExitCode } from '../exit-codes';
import { table } from '../format';

/** The entities a service reconciles, and where that service listens by default. */
export const RECONCILE_ENTITIES = {
  patients: { env: 'FICUS_PATIENTS_URL', url: 'http://127.0.0.1:8082' },
} as const;

export type ReconcileEntity = keyof typeof RECONCILE_ENTITIES;

/** A run over a million rows reads two tables end to end on the servers: give it time. */
const TIMEOUT_MS = 15 * 60_000;

/** The service's report (POST /sync/reconcile): counts and field paths, never values. */
interface Report {
  rows: { legacy: number; service: number; fetched: number };
  chunkSize: number;
  chunks: { compared: number; fetched: number };
  missing: number;
  extra: number;
  differing: number;
  fields: Record<string, number>;
  untranslatable: { legacy: Record<string, number>; service: Record<string, number> };
  unsettled: number;
  differences: number;
  repair: { repaired: number; failed: number } | null;
  remaining: number;
  clean: boolean;
}

export function serviceUrl(entity: ReconcileEntity, option: string | undefined): string {
  const { env, url } = RECONCILE_ENTITIES[entity];
  return (option ?? process.env[env] ?? url).replace(/\/+$/, '');
}

/**
 * `ficus reconcile <entity> [--repair]`: asks the service that owns the entity to compare its
 * store with the legacy one (and repair through its sync). Exits 0 when nothing differs at the
 * end, EXIT.DIFFERENCES when something still does.
 */
export async function reconcileCommand(
  entity: ReconcileEntity,
  base: string,
  options: { repair: boolean; json: boolean },
): Promise<ExitCode> {
  const url = `${base}/sync/reconcile`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repair: options.repair }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    console.error(
      `ficus: nothing answers at ${url} (${errorMessage(err)}): start the ${entity} service, or give its URL with --service-url or ${RECONCILE_ENTITIES[entity].env}`,
    );
    return EXIT.UNREACHABLE;
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = (body ?? {}) as { code?: string; message?: string };
    if (options.json) console.log(JSON.stringify({ status: res.status, ...problem }, null, 2));
    console.error(
      `ficus: ${problem.code ?? `HTTP ${res.status}`}: ${problem.message ?? 'the service refused the reconciliation'} (${url})`,
    );
    return res.status === 409 ? EXIT.REFUSED : EXIT.FAILED;
  }
  if (!isReport(body)) {
    throw new FicusError(
      'FICUS_CLI_RECONCILE_ANSWER',
      `${url} answered 200 without a reconciliation report: is it the ${entity} service?`,
    );
  }
  if (options.json) console.log(JSON.stringify(body, null, 2));
  else console.log(describe(entity, body));
  return body.clean ? EXIT.OK : EXIT.DIFFERENCES;
}

function isReport(body: unknown): body is Report {
  return typeof body === 'object' && body !== null && typeof (body as Report).clean === 'boolean';
}

function describe(entity: string, r: Report): string {
  const rows: string[][] = [
    ['missing (legacy only)', String(r.missing)],
    ['extra (service only)', String(r.extra)],
    ['differing', String(r.differing)],
    ...Object.entries(r.fields).map(([path, n]) => [`  ${path}`, String(n)]),
  ];
  const sides = [
    ['legacy', r.untranslatable.legacy],
    ['service', r.untranslatable.service],
  ] as const;
  const untranslatable = sides.flatMap(([side, fields]) =>
    Object.entries(fields).map(([field, n]) => [`  ${side} ${field}`, String(n)]),
  );
  rows.push(['untranslatable', String(untranslatable.reduce((a, [, n]) => a + Number(n), 0))]);
  rows.push(...untranslatable);
  rows.push(['unsettled (kept changing)', String(r.unsettled)]);
  const lines = [
    `${entity}: ${r.rows.legacy} in legacy, ${r.rows.service} in the service; ${r.chunks.fetched} of ${r.chunks.compared} chunks of ${r.chunkSize} ids fetched (${r.rows.fetched} rows)`,
    table(
      ['  FOUND', 'ROWS'],
      rows.map(([what, n]) => [`  ${what}`, n ?? '']),
    ),
  ];
  if (r.repair) lines.push(`repaired ${r.repair.repaired}, failed ${r.repair.failed}`);
  lines.push(
    r.clean
      ? 'clean: nothing differs'
      : `${r.remaining} still differ${r.repair ? '' : ': ficus reconcile ' + entity + ' --repair'}`,
  );
  return lines.join('\n');
}
