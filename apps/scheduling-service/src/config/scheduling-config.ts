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

/** MySQL's ER_BAD_DB_ERROR (1049): the URL names a database the server does not have. */
export function isMissingDatabase(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ER_BAD_DB_ERROR';
}

/**
 * The service creates its tables, not its database: a missing one is a setting to fix, said as
 * such (without the URL's credentials), rather than the driver's bare "Unknown database".
 */
export function explainStartError(err: unknown, databaseUrl: string): unknown {
  if (!isMissingDatabase(err)) return err;
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  return new ConfigError(
    'FICUS_SCHEDULING_BAD_ENV',
    `SCHEDULING_DATABASE_URL names database "${database}", which ${url.host} does not have; ` +
      `create it (CREATE DATABASE \`${database}\`) or name an existing one`,
  );
}
