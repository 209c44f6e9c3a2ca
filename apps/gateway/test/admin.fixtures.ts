import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config/config.schema';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A gateway config for the admin tests: legacy + one carved-out service, routes given. */
export function adminTestConfig(
  upstreams: { legacy: string; patients: string },
  extra: Record<string, unknown> = {},
): GatewayConfig {
  return gatewayConfigSchema.parse({
    version: 1,
    listen: { port: 0 },
    admin: { port: 0, token: ADMIN_TOKEN },
    upstreams: { legacy: { url: upstreams.legacy }, patients: { url: upstreams.patients } },
    groups: { patients: { cohort: { header: 'x-patient-cohort' } } },
    routes: [
      {
        name: 'patients-read',
        methods: ['GET'],
        path: '/api/patients/:id',
        target: 'patients',
        group: 'patients',
      },
      { name: 'patients-search', methods: ['GET'], path: '/api/patients', target: 'patients' },
    ],
    ...extra,
  });
}

/**
 * Polls `check` until it returns a value other than undefined. The deadline is generous and only
 * bounds a hung test: nothing asserts how fast the condition came true.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  deadlineMs = 20_000,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
