import { z } from 'zod';
import { stepDuration } from './gates.schema';

/** The shortest interval: a step must leave the gates time to read the new weight's traffic. */
export const MIN_SCHEDULE_EVERY_MS = 1000;

/**
 * A route's automatic canary: once started (`ficus canary <route> --auto`), the control plane
 * raises the weight to the next step every `every` while the gates of the step hold; 100 means
 * `new`. Keyed like gates, by route name or group name; a route's own entry wins over its group's.
 */
export const scheduleSchema = z
  .strictObject({
    /** Canary weights in percent, increasing; a last step of 100 promotes the route to `new`. */
    steps: z
      .array(
        z
          .number({ error: 'a step is a canary weight, a whole number from 1 to 100' })
          .int('a step is a canary weight, a whole number from 1 to 100')
          .min(1, 'a step is a canary weight, a whole number from 1 to 100')
          .max(100, 'a step is a canary weight, a whole number from 1 to 100'),
      )
      .min(1, 'a schedule needs at least one step, e.g. steps: [10, 25, 50, 100]'),
    /** Time between two steps (at least 1s): the least a weight is held before the next. */
    every: stepDuration.refine((ms) => ms >= MIN_SCHEDULE_EVERY_MS, {
      error: `every must be at least 1s (${MIN_SCHEDULE_EVERY_MS} ms)`,
    }),
  })
  .superRefine((schedule, ctx) => {
    schedule.steps.forEach((step, i) => {
      const before = schedule.steps[i - 1];
      if (before !== undefined && step <= before)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i],
          message: `steps must increase: ${step} comes after ${before}`,
        });
    });
  });

export const schedulesSchema = z.record(z.string(), scheduleSchema);

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type SchedulesConfig = z.infer<typeof schedulesSchema>;

/** The route's schedule: its own entry, else its group's, else none. */
export function scheduleFor(
  schedules: SchedulesConfig,
  route: { name: string; group?: string | undefined },
): ScheduleConfig | undefined {
  return schedules[route.name] ?? (route.group === undefined ? undefined : schedules[route.group]);
}
