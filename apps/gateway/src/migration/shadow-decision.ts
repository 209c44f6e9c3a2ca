import type { RouteConfig } from '../config/config.schema';
import type { Streamed } from '../proxy/exchanges';

/** Methods that change nothing (RFC 9110 §9.2.1): copied unless the route allows writes. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a request of a shadowed route was not copied to the target (counted per route in parity). */
export type NotCopied =
  'unsafe_method' | 'not_sampled' | 'overload' | 'busy' | 'legacy_failed' | 'request_too_large';

/** What the shadow runner has room for now. */
export interface ShadowCapacity {
  /** The cap on copies in flight is reached. */
  readonly full: boolean;
  /** The share of copies the gateway's load leaves room for, 0-1. */
  readonly share: number;
}

/**
 * Whether to copy a request, decided before legacy is asked so that a request left out costs no
 * body copy: its method (a write is copied only where the route says the target can take it as a
 * dry run), the route's sample rate, then the gateway's own load. Copies are shed, and counted,
 * rather than let queue behind client requests: the in-flight cap bounds the memory a slow target
 * can pin, the event-loop gauge the CPU a busy gateway gives away.
 */
export function whyNotCopied(
  route: RouteConfig,
  method: string,
  capacity: ShadowCapacity,
): NotCopied | undefined {
  if (!SAFE_METHODS.has(method) && !route.shadow?.writes) return 'unsafe_method';
  const sampleRate = route.shadow?.sampleRate ?? 1;
  if (sampleRate < 1 && Math.random() >= sampleRate) return 'not_sampled';
  if (capacity.full) return 'overload';
  const share = capacity.share;
  if (share < 1 && Math.random() >= share) return 'busy';
  return undefined;
}

/**
 * Whether the copy goes out once legacy has answered: there must be a whole answer to compare
 * with, and the whole request body to send, and still room (copies may have started meanwhile).
 */
export function whyNotSent(
  legacy: Streamed,
  clientGone: boolean,
  capacity: ShadowCapacity,
): NotCopied | undefined {
  if (!legacy.ok || clientGone || !legacy.response) return 'legacy_failed';
  if (legacy.requestBody === undefined) return 'request_too_large';
  if (capacity.full) return 'overload';
  return undefined;
}
