import { childPath, itemPath } from './json-path';

export type MismatchKind = 'status' | 'header' | 'missing' | 'extra' | 'type' | 'value';

/** One difference: where and what kind, never the values themselves. */
export interface Difference {
  path: string;
  kind: MismatchKind;
}

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

/**
 * A structural diff of two parsed JSON documents. Normalised by construction: key order never
 * matters, and numbers compare by value (1 and 1.0 parse to the same number). `skip` prunes
 * ignored and noisy paths before they are walked. Each (path, kind) appears at most once.
 */
export function diffJson(
  legacy: unknown,
  candidate: unknown,
  skip: (path: string) => boolean = () => false,
): Difference[] {
  const seen = new Set<string>();
  const out: Difference[] = [];
  const add = (path: string, kind: MismatchKind): void => {
    const key = `${kind} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, kind });
  };
  walk(legacy, candidate, '$', skip, add);
  return out;
}

function walk(
  a: unknown,
  b: unknown,
  path: string,
  skip: (path: string) => boolean,
  add: (path: string, kind: MismatchKind) => void,
): void {
  if (skip(path)) return;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) {
    add(path, 'type');
    return;
  }
  if (ta === 'array') {
    const xs = a as unknown[];
    const ys = b as unknown[];
    const items = itemPath(path);
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) walk(xs[i], ys[i], items, skip, add);
    if (xs.length > ys.length && !skip(items)) add(items, 'missing');
    if (ys.length > xs.length && !skip(items)) add(items, 'extra');
    return;
  }
  if (ta === 'object') {
    const xo = a as Record<string, unknown>;
    const yo = b as Record<string, unknown>;
    for (const key of Object.keys(xo)) {
      const child = childPath(path, key);
      if (Object.hasOwn(yo, key)) walk(xo[key], yo[key], child, skip, add);
      else if (!skip(child)) add(child, 'missing');
    }
    for (const key of Object.keys(yo)) {
      const child = childPath(path, key);
      if (!Object.hasOwn(xo, key) && !skip(child)) add(child, 'extra');
    }
    return;
  }
  if (a !== b) add(path, 'value');
}
