import { isDeepStrictEqual } from 'node:util';
import type { Patient } from '@ficus/legacy-adapter';

/**
 * The field paths at which two domain patients differ (`name.given`, `address.city`,
 * `telecom.phone`...), leaves only: what a reconciliation report names instead of the values.
 * Arrays are one leaf (`name.given`), because a position inside a name or an address line list is
 * not a field an operator repairs on its own.
 */
export function differingPaths(a: Patient, b: Patient): string[] {
  const paths: string[] = [];
  walk(a, b, '', paths);
  return paths;
}

function walk(a: unknown, b: unknown, path: string, into: string[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key, into);
    return;
  }
  if (!isDeepStrictEqual(a, b)) into.push(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
