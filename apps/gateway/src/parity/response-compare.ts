import type { IncomingHttpHeaders } from 'node:http';
import { diffJson, type Difference } from './json-diff';

/** A response kept for comparison; `body` is undefined when it exceeded the copy bound. */
export interface CapturedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
}

export interface CompareOptions {
  /** Response headers compared besides the status, lower-case. */
  headers: readonly string[];
  /** Paths to leave out: ignore rules and learned noise. */
  skip: (path: string) => boolean;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

/** Media types and similar differ in case and spacing without differing in meaning. */
function sameHeader(a: string, b: string): boolean {
  return a === b || a.toLowerCase().replace(/\s+/g, '') === b.toLowerCase().replace(/\s+/g, '');
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/** Parsed bodies by buffer: the legacy answer is compared twice when noise is sampled, parsed once. */
const parsedBodies = new WeakMap<Buffer, Parsed>();

function parseJson(body: Buffer): Parsed {
  if (body.length === 0) return { ok: true, value: undefined };
  let parsed = parsedBodies.get(body);
  if (parsed) return parsed;
  try {
    parsed = { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    parsed = { ok: false };
  }
  parsedBodies.set(body, parsed);
  return parsed;
}

/**
 * Differences between the legacy answer and the new one: status, selected headers, then the body
 * as JSON structure when both parse, else as bytes. Returns undefined when a body was too large to
 * keep, so the comparison is skipped rather than guessed.
 */
export function compareResponses(
  legacy: CapturedResponse,
  candidate: CapturedResponse,
  options: CompareOptions,
): Difference[] | undefined {
  if (!legacy.body || !candidate.body) return undefined;
  const diffs: Difference[] = [];
  if (legacy.status !== candidate.status) diffs.push({ path: 'status', kind: 'status' });
  for (const name of options.headers) {
    if (options.skip(`headers.${name}`)) continue;
    if (!sameHeader(headerValue(legacy.headers, name), headerValue(candidate.headers, name)))
      diffs.push({ path: `headers.${name}`, kind: 'header' });
  }
  // Equal bytes are an equal document, whatever the skip rules: no need to parse either side.
  if (legacy.body.equals(candidate.body)) return diffs;
  const a = parseJson(legacy.body);
  const b = parseJson(candidate.body);
  if (a.ok && b.ok) diffs.push(...diffJson(a.value, b.value, options.skip));
  else if (!options.skip('$')) diffs.push({ path: '$', kind: a.ok === b.ok ? 'value' : 'type' });
  return diffs;
}
