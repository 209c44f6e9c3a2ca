import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt } from 'jose';
import type { CohortKey } from '../config/config.schema';
import { extractParams, type PathPattern } from './path-pattern';

/**
 * Canary cohorts. A cohort is a stable bucket 0-99 of a request key (header, cookie, JWT subject or
 * path parameter) salted with the route group's name: every route of a group puts a key in the same
 * bucket, and `bucket < weight` sends it to the new service. Raising the weight therefore only ever
 * moves buckets from legacy to new. Not cryptographic: nobody gains by choosing their bucket.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32-bit) over UTF-16 code units, finished with murmur3's fmix32 so low bits mix well. */
export function hash32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function cohortBucket(salt: string, key: string): number {
  return hash32(`${salt}\u0000${key}`) % 100;
}

/** True when the bucket is inside the canary's share. */
export function inCanary(bucket: number, weight: number): boolean {
  return bucket < weight;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name)
      return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** The JWT's `sub`, read without verifying: it only picks a bucket, it grants nothing. */
function jwtSubject(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  try {
    const sub = decodeJwt(authorization.slice(7).trim()).sub;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** The request's cohort key, or undefined when it has none (such requests stay on legacy). */
export function cohortKeyValue(
  key: CohortKey,
  headers: IncomingHttpHeaders,
  pattern: PathPattern,
  parts: readonly string[],
): string | undefined {
  if ('header' in key) {
    const value = headers[key.header.toLowerCase()];
    const first = Array.isArray(value) ? value[0] : value;
    return first === '' ? undefined : first;
  }
  if ('cookie' in key) return cookieValue(headers.cookie, key.cookie);
  if ('jwtSubject' in key) return jwtSubject(headers.authorization);
  return extractParams(pattern, parts)[key.pathParam] || undefined;
}
