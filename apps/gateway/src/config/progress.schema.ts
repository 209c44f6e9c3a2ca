import { z } from 'zod';

const DURATION_HINT = 'a duration is a number of milliseconds or a string like 30s, 5m, 24h, 7d';
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const duration = z.union(
  [
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, DURATION_HINT)
      .transform((v) => Number.parseInt(v, 10) * UNIT_MS[/[a-z]+$/.exec(v)![0]]!),
  ],
  { error: DURATION_HINT },
);

export const DEFAULT_PROGRESS = {
  retireQuietFor: 7 * 86_400_000,
  maxEndpoints: 1000,
  flushEvery: 10_000,
};

/** The strangling progress per endpoint (apps/gateway/src/progress). */
export const progressSchema = z.strictObject({
  /**
   * A route may be retired only when legacy has served none of its requests (fail-opens included)
   * for this long; 0 turns the check off. migration-plan.md's "no request fell open for 7 days".
   */
  retireQuietFor: duration.default(DEFAULT_PROGRESS.retireQuietFor),
  /** Endpoint templates kept, all routes together; past it they count as their route's `(other)`. */
  maxEndpoints: z.number().int().min(10).max(100_000).default(DEFAULT_PROGRESS.maxEndpoints),
  /** How often counts are added to the control database (and read back from the other replicas). */
  flushEvery: duration
    .refine((ms) => ms >= 100, 'flushEvery is at least 100ms')
    .default(DEFAULT_PROGRESS.flushEvery),
});

export type ProgressConfig = z.infer<typeof progressSchema>;
