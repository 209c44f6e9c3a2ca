import { z } from 'zod';
import { ConfigError } from '@ficus/core';
import type { SchedulingPhase } from '../modules/scheduling/domain/appointment-system-of-record.port';

/** The clinic's database, written in the request while the monolith is the system of record. */
export interface LegacySyncConfig {
  /** mysql:// URL naming the clinic database (see docs/scheduling-service.md for its grants). */
  legacyDatabaseUrl: string;
  /**
   * Who decides an appointment write (the migration's phase): `legacy` until cutover (the service
   * books, moves and cancels in APPT_TRN in the same request), then `service`.
   */
  systemOfRecord: SchedulingPhase;
}

const PHASES = ['legacy', 'service'] as const satisfies readonly SchedulingPhase[];

/** The service's environment, validated once at start into this object. */
export interface SchedulingConfig {
  /** mysql://user:password@host:port/database — the service's own database, never the clinic's. */
  databaseUrl: string;
  port: number;
  host: string;
  /** Absent when SCHEDULING_LEGACY_DATABASE_URL is not set: the service then runs on its own. */
  legacySync?: LegacySyncConfig;
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
  // The database name becomes an identifier in SQL and in the connectors' table lists.
  SCHEDULING_LEGACY_DATABASE_URL: z
    .literal('')
    .transform(() => undefined)
    .or(
      z
        .string()
        .regex(
          /^mysql:\/\/.+\/[A-Za-z0-9_$]+$/,
          'must be a mysql:// URL that names the clinic database, e.g. mysql://sync:secret@127.0.0.1:3407/clinic',
        ),
    )
    .optional(),
  SCHEDULING_SYSTEM_OF_RECORD: z
    .enum(PHASES, { error: "must be 'legacy' (until cutover) or 'service' (after it)" })
    .optional(),
});

export function readSchedulingConfig(source: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  const result = env.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError('FICUS_SCHEDULING_BAD_ENV', `${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = result.data;
  const config: SchedulingConfig = {
    databaseUrl: e.SCHEDULING_DATABASE_URL,
    port: e.SCHEDULING_PORT,
    host: e.SCHEDULING_HOST,
  };
  if (e.SCHEDULING_LEGACY_DATABASE_URL === undefined) {
    // Unset, the phase defaults to legacy and the service runs on its own (as the patients
    // service does); asked for explicitly, the clinic's decision cannot be honoured without it.
    if (e.SCHEDULING_SYSTEM_OF_RECORD === 'legacy') {
      throw new ConfigError(
        'FICUS_SCHEDULING_BAD_ENV',
        "SCHEDULING_SYSTEM_OF_RECORD is 'legacy' but SCHEDULING_LEGACY_DATABASE_URL is not set: " +
          'set it to the clinic database, or unset SCHEDULING_SYSTEM_OF_RECORD to run the service on its own',
      );
    }
    return config;
  }
  return {
    ...config,
    legacySync: {
      legacyDatabaseUrl: e.SCHEDULING_LEGACY_DATABASE_URL,
      systemOfRecord: e.SCHEDULING_SYSTEM_OF_RECORD ?? 'legacy',
    },
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
