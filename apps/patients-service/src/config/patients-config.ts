import { z } from 'zod';
import { ConfigError } from '@ficus/core';
import type { SystemOfRecordPhase } from '../modules/patients/domain/patient-system-of-record.port';

/** Two-way sync with the clinic's database, on while the monolith is the system of record. */
export interface LegacySyncConfig {
  /** mysql:// URL naming the clinic database (see the service README for its grants). */
  legacyDatabaseUrl: string;
  /** Replica id of the clinic → service connector; unique among the clinic server's replicas. */
  inboundServerId: number;
  /** Replica id of the service → clinic (write-back) connector. */
  writeBackServerId: number;
  /**
   * Who decides a patient write (the migration's phase): `legacy` until cutover (service writes
   * take the clinic's id and version in the same request), then `service` (the service decides,
   * write-back copies to the clinic).
   */
  systemOfRecord: SystemOfRecord;
}

export type SystemOfRecord = SystemOfRecordPhase;
const SYSTEMS_OF_RECORD = ['legacy', 'service'] as const satisfies readonly SystemOfRecordPhase[];

/** The service's environment, validated once at start into this object. */
export interface PatientsConfig {
  /** mysql://user:password@host:port/database — the service's own database, never the clinic's. */
  databaseUrl: string;
  port: number;
  host: string;
  /** Absent when PATIENTS_LEGACY_DATABASE_URL is not set: the service then runs on its own. */
  legacySync?: LegacySyncConfig;
}

const DEFAULT_SYNC_SERVER_ID = 5411;

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a TCP port number (0-65535)')
  .transform(Number)
  .refine((p) => p <= 65535, 'must be a TCP port number (0-65535)');

const replicaId = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a replica server id (1-4294967295)')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 4_294_967_295, 'must be a replica server id (1-4294967295)');

/** The database name becomes an identifier in SQL and in the connector's table lists. */
const legacyDatabaseUrl = z
  .string()
  .regex(
    /^mysql:\/\/.+\/[A-Za-z0-9_$]+$/,
    'must be a mysql:// URL that names the clinic database, e.g. mysql://sync:secret@127.0.0.1:3407/clinic',
  );

const env = z
  .object({
    PATIENTS_DATABASE_URL: z
      .string({ error: 'is required: a mysql:// URL naming the patients database' })
      .regex(
        /^mysql:\/\/.+\/[^/?]+/,
        'must be a mysql:// URL that names a database, e.g. mysql://root@127.0.0.1:3407/patients',
      ),
    PATIENTS_PORT: port.default(8082),
    PATIENTS_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    PATIENTS_LEGACY_DATABASE_URL: z
      .literal('')
      .transform(() => undefined)
      .or(legacyDatabaseUrl)
      .optional(),
    PATIENTS_SYNC_SERVER_ID: replicaId.default(DEFAULT_SYNC_SERVER_ID),
    PATIENTS_WRITEBACK_SERVER_ID: replicaId.optional(),
    PATIENTS_SYSTEM_OF_RECORD: z
      .enum(SYSTEMS_OF_RECORD, {
        error: "must be 'legacy' (until cutover) or 'service' (after it)",
      })
      .default('legacy'),
  })
  .refine((e) => e.PATIENTS_WRITEBACK_SERVER_ID !== e.PATIENTS_SYNC_SERVER_ID, {
    path: ['PATIENTS_WRITEBACK_SERVER_ID'],
    message: 'must differ from PATIENTS_SYNC_SERVER_ID (each connector needs its own replica id)',
  });

export function readPatientsConfig(source: NodeJS.ProcessEnv = process.env): PatientsConfig {
  const result = env.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError('FICUS_PATIENTS_BAD_ENV', `${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = result.data;
  const config: PatientsConfig = {
    databaseUrl: e.PATIENTS_DATABASE_URL,
    port: e.PATIENTS_PORT,
    host: e.PATIENTS_HOST,
  };
  if (e.PATIENTS_LEGACY_DATABASE_URL === undefined) return config;
  return {
    ...config,
    legacySync: {
      legacyDatabaseUrl: e.PATIENTS_LEGACY_DATABASE_URL,
      inboundServerId: e.PATIENTS_SYNC_SERVER_ID,
      writeBackServerId: e.PATIENTS_WRITEBACK_SERVER_ID ?? nextReplicaId(e.PATIENTS_SYNC_SERVER_ID),
      systemOfRecord: e.PATIENTS_SYSTEM_OF_RECORD,
    },
  };
}

function nextReplicaId(id: number): number {
  return id < 4_294_967_295 ? id + 1 : id - 1;
}

/** MySQL's ER_BAD_DB_ERROR (1049) for the service's own database, not the clinic's. */
export function isMissingServiceDatabase(err: unknown, databaseUrl: string): boolean {
  const e = err as { code?: unknown; sqlMessage?: unknown } | null;
  return (
    e?.code === 'ER_BAD_DB_ERROR' &&
    e.sqlMessage === `Unknown database '${databaseName(databaseUrl)}'`
  );
}

/**
 * The service creates its tables, not its database: a missing one is a setting to fix, said as
 * such (without the URL's credentials), rather than the driver's bare "Unknown database".
 */
export function explainStartError(err: unknown, databaseUrl: string): unknown {
  if (!isMissingServiceDatabase(err, databaseUrl)) return err;
  const database = databaseName(databaseUrl);
  return new ConfigError(
    'FICUS_PATIENTS_BAD_ENV',
    `PATIENTS_DATABASE_URL names database "${database}", which ${new URL(databaseUrl).host} ` +
      `does not have; create it (CREATE DATABASE \`${database}\`) or name an existing one`,
  );
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}
