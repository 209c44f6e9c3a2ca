import { z } from 'zod';
import { ConfigError } from '@ficus/core';
import type { SchedulingPhase } from '../modules/scheduling/domain/appointment-system-of-record.port';

const PHASES = ['legacy', 'service'] as const satisfies readonly SchedulingPhase[];

/**
 * The clinic's database: the two-way sync with it, and the writes made there in the request while
 * the monolith is the system of record (see docs/scheduling-service.md for its grants).
 */
export interface LegacySyncConfig {
  /** mysql:// URL naming the clinic database. */
  legacyDatabaseUrl: string;
  /** Replica id of the clinic → service connector; unique among the clinic server's replicas. */
  inboundServerId: number;
  /** Replica id of the service → clinic (write-back) connector. */
  writeBackServerId: number;
  /**
   * Who decides an appointment write (the migration's phase): `legacy` until cutover (the service
   * books, moves and cancels in APPT_TRN in the same request; write-back leaves a tie alone), then
   * `service`.
   */
  systemOfRecord: SchedulingPhase;
}

/** The service's environment, validated once at start into this object. */
export interface SchedulingConfig {
  /** mysql://user:password@host:port/database — the service's own database, never the clinic's. */
  databaseUrl: string;
  port: number;
  host: string;
  /** Absent when SCHEDULING_LEGACY_DATABASE_URL is not set: the service then runs on its own. */
  legacySync?: LegacySyncConfig;
}

/** Distinct from the patients service's (5411, 5412), so both can read one clinic. */
const DEFAULT_SYNC_SERVER_ID = 5421;

const replicaId = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a replica server id (1-4294967295)')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 4_294_967_295, 'must be a replica server id (1-4294967295)');

const env = z
  .object({
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
    SCHEDULING_SYNC_SERVER_ID: replicaId.default(DEFAULT_SYNC_SERVER_ID),
    SCHEDULING_WRITEBACK_SERVER_ID: replicaId.optional(),
    SCHEDULING_SYSTEM_OF_RECORD: z
      .enum(PHASES, { error: "must be 'legacy' (until cutover) or 'service' (after it)" })
      .optional(),
  })
  .refine((e) => e.SCHEDULING_WRITEBACK_SERVER_ID !== e.SCHEDULING_SYNC_SERVER_ID, {
    path: ['SCHEDULING_WRITEBACK_SERVER_ID'],
    message: 'must differ from SCHEDULING_SYNC_SERVER_ID (each connector needs its own replica id)',
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
  const inbound = e.SCHEDULING_SYNC_SERVER_ID;
  return {
    ...config,
    legacySync: {
      legacyDatabaseUrl: e.SCHEDULING_LEGACY_DATABASE_URL,
      inboundServerId: inbound,
      writeBackServerId:
        e.SCHEDULING_WRITEBACK_SERVER_ID ?? (inbound < 4_294_967_295 ? inbound + 1 : inbound - 1),
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
