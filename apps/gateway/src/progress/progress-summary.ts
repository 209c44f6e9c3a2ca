import { UNMATCHED_ROUTE } from '../metrics/gateway-metrics';
import type { EndpointProgress } from './progress';

/** One route's requests summed over its endpoints. */
export interface RouteProgress {
  route: string;
  legacy: number;
  new: number;
  gateway: number;
  unrouted: number;
  failOpen: number;
  /** new / (legacy + new); null without any. */
  newShare: number | null;
  lastHit: Date | null;
  lastLegacy: Date | null;
  /** The endpoint legacy served last, when it did. */
  lastLegacyEndpoint: { method: string; template: string } | null;
  /** Its endpoints, most requested first. */
  endpoints: EndpointProgress[];
}

export interface OverallProgress {
  legacy: number;
  new: number;
  gateway: number;
  unrouted: number;
  newShare: number | null;
}

const share = (legacy: number, newer: number) =>
  legacy + newer > 0 ? newer / (legacy + newer) : null;
const total = (e: EndpointProgress) => e.legacy + e.new + e.gateway;

/** Every named route (even one no request reached yet) and the unmatched requests, summed. */
export function byRoute(
  endpoints: readonly EndpointProgress[],
  routes: readonly string[],
): RouteProgress[] {
  const out = new Map<string, RouteProgress>();
  for (const route of [...routes, UNMATCHED_ROUTE]) out.set(route, empty(route));
  for (const e of endpoints) {
    let r = out.get(e.route);
    if (!r) {
      // A route since removed from the config: still shown, its counts are history.
      r = empty(e.route);
      out.set(e.route, r);
    }
    r.legacy += e.legacy;
    r.new += e.new;
    r.gateway += e.gateway;
    r.unrouted += e.unrouted;
    r.failOpen += e.failOpen;
    if (!r.lastHit || e.lastHit > r.lastHit) r.lastHit = e.lastHit;
    if (e.lastLegacy && (!r.lastLegacy || e.lastLegacy > r.lastLegacy)) {
      r.lastLegacy = e.lastLegacy;
      r.lastLegacyEndpoint = { method: e.method, template: e.template };
    }
    r.endpoints.push(e);
  }
  for (const r of out.values()) {
    r.newShare = share(r.legacy, r.new);
    r.endpoints.sort((a, b) => total(b) - total(a) || a.template.localeCompare(b.template));
  }
  return [...out.values()];
}

export function overall(routes: readonly RouteProgress[]): OverallProgress {
  const sum = (pick: (r: RouteProgress) => number) => routes.reduce((n, r) => n + pick(r), 0);
  const legacy = sum((r) => r.legacy);
  const newer = sum((r) => r.new);
  return {
    legacy,
    new: newer,
    gateway: sum((r) => r.gateway),
    unrouted: sum((r) => r.unrouted),
    newShare: share(legacy, newer),
  };
}

function empty(route: string): RouteProgress {
  return {
    route,
    legacy: 0,
    new: 0,
    gateway: 0,
    unrouted: 0,
    failOpen: 0,
    newShare: null,
    lastHit: null,
    lastLegacy: null,
    lastLegacyEndpoint: null,
    endpoints: [],
  };
}

/** A span in the largest unit that fits: 45 s, 12 min, 5 h, 7 d. */
export function span(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
