import { z } from 'zod';
import { ConfigError } from '@ficus/core';

/** The service's environment, validated once at start into this object. */
export interface SchedulingConfig {
  /** mysql://user:password@host:port/database — the service's own database, never the clinic's. */
  databaseUrl: string;
  port: number;
  host: string;
}

const env = z.object({
  SCHEDULING_DATABASE_URL: z
    .string({ error: 'is required: a mysql:// URL naming the scheduling database' })
    .regex(
      /^mysql:\/\/.+\/[^/?]+/,
      'must be a mysql:// URL that names a database, e.g. mysql://root@127.0.0.1:3407/scheduling',
    ),
  SCHEDULING_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a TCP port number (0-65535)')
    .transform(Number)
    .refine((p) => p <= 65535, 'must be a TCP port number (0-65535)')
    .default(8083),
  SCHEDULING_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
});

export function readSchedulingConfig(source: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  const result = env.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError('FICUS_SCHEDULING_BAD_ENV', `${name} ${issue?.message ?? 'is invalid'}`);
  }
  return {
    databaseUrl: result.data.SCHEDULING_DATABASE_URL,
    port: result.data.SCHEDULING_PORT,
    host: result.data.SCHEDULING_HOST,
  };
}
