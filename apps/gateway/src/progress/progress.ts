/** Who answered a request on an endpoint, as progress counts it. */
export type ProgressSide = 'legacy' | 'new' | 'gateway';

/**
 * What one endpoint (route, method, template) has seen. Counts only, and the endpoint's template,
 * never a path as sent: no id, no query string, no patient data.
 */
export interface EndpointProgress {
  /** The route that matched, or `(unmatched)`: requests no route matched, which legacy serves. */
  route: string;
  method: string;
  /** endpoint-template.ts: ids collapsed to `:id`; `(other)` past the cap. */
  template: string;
  legacy: number;
  new: number;
  /** Answered by the gateway itself: a retired route's 410, an upstream failure's 502. */
  gateway: number;
  /** The target answered "no such route" (x-ficus-unrouted); legacy served instead when it could. */
  unrouted: number;
  /** The target failed (connect, timeout, 5xx, open circuit) and legacy served instead. */
  failOpen: number;
  firstHit: Date;
  lastHit: Date;
  /** The last request legacy served here, fail-opens and unrouted requests included. */
  lastLegacy: Date | null;
  lastNew: Date | null;
  lastUnrouted: Date | null;
}

export function endpointKey(route: string, method: string, template: string): string {
  return `${route}\u0000${method}\u0000${template}`;
}

const later = (a: Date | null, b: Date | null): Date | null =>
  a === null ? b : b === null || a >= b ? a : b;

/** `into` with `delta`'s counts added and its times taken where they are later. */
export function addProgress(into: EndpointProgress, delta: EndpointProgress): void {
  into.legacy += delta.legacy;
  into.new += delta.new;
  into.gateway += delta.gateway;
  into.unrouted += delta.unrouted;
  into.failOpen += delta.failOpen;
  if (delta.firstHit < into.firstHit) into.firstHit = delta.firstHit;
  into.lastHit = later(into.lastHit, delta.lastHit)!;
  into.lastLegacy = later(into.lastLegacy, delta.lastLegacy);
  into.lastNew = later(into.lastNew, delta.lastNew);
  into.lastUnrouted = later(into.lastUnrouted, delta.lastUnrouted);
}

export function copyProgress(row: EndpointProgress): EndpointProgress {
  return { ...row };
}

/**
 * Where progress is kept between flushes: the MySQL control database when there is one (shared by
 * replicas, kept across restarts), else this process's memory.
 */
export interface ProgressStore {
  /** True when the counts outlive this process (and are shared with other replicas). */
  readonly persistent: boolean;
  /** Adds the counts gathered since the last flush. */
  add(deltas: readonly EndpointProgress[]): Promise<void>;
  /** The endpoints, most requested first, at most `limit`. */
  endpoints(limit: number): Promise<EndpointProgress[]>;
  /** Since when requests have been counted here: a hit before it is not known. */
  countingSince(): Promise<Date>;
  close(): Promise<void>;
}
