import { z } from 'zod';

/** "30s", "5m", "24h", "500ms" or a number of milliseconds. */
const DURATION_HINT = 'a duration is a number of milliseconds or a string like 500ms, 30s, 5m, 24h';
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const stepDuration = z.union(
  [
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, DURATION_HINT)
      .transform((v) => Number.parseInt(v, 10) * UNIT_MS[/[a-z]+$/.exec(v)![0]]!),
  ],
  { error: DURATION_HINT },
);

/**
 * What must hold before a route leaves a mode forward (legacy → shadow → canary, a higher canary
 * weight, new → retired), measured over the time the route has spent in that mode. A move back is
 * never gated.
 */
export const gateSetSchema = z.strictObject({
  /** Shadow comparisons made in the step (in canary: of the legacy half, sampled). */
  minComparisons: z.number().int().min(0).optional(),
  /** Matching comparisons over all comparisons in the step, 0-1. */
  minParity: z.number().min(0).max(1).optional(),
  /** Requests the new service was asked to answer in the step (its fail-opens included). */
  minRequests: z.number().int().min(0).optional(),
  /** The new service's error rate may exceed legacy's by at most this much (0.005 = 0.5 points). */
  maxErrorRateOverLegacy: z.number().min(0).max(1).optional(),
  /** The new service's p99 latency may be at most legacy's times this. */
  maxP99OverLegacy: z.number().min(1).optional(),
  /** Time the route must have spent in the mode (as this gateway saw it). */
  minTimeInStep: stepDuration.optional(),
  /**
   * Read from the route target's GET /sync/status: the inbound (clinic → service, CDC) lag p99, the
   * write-back (service → clinic) lag p99, and the dead-lettered change events of both directions.
   * A target that cannot be read leaves them unknown, which holds the move.
   */
  maxCdcLagMs: z.number().int().min(0).optional(),
  maxSyncLagMs: z.number().int().min(0).optional(),
  maxDeadLetters: z.number().int().min(0).optional(),
  reconciliationClean: z.literal(true).optional(),
});

/** Gates per mode left: `shadow:` holds the move out of shadow, `canary:` every raise and canary → new. */
export const gateStepsSchema = z.strictObject({
  legacy: gateSetSchema.optional(),
  shadow: gateSetSchema.optional(),
  canary: gateSetSchema.optional(),
  new: gateSetSchema.optional(),
});

/** Keyed by route name or group name; a route's own entry wins over its group's. */
export const gatesSchema = z.record(z.string(), gateStepsSchema);

export type GateSet = z.infer<typeof gateSetSchema>;
export type GateSteps = z.infer<typeof gateStepsSchema>;
export type GatesConfig = z.infer<typeof gatesSchema>;
