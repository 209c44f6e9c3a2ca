/**
 * Fills the clinic database with a synthetic clinic:
 *   CLINIC_DATABASE_URL=mysql://root@127.0.0.1:3407/clinic node dist/apps/legacy-clinic/src/seed.main.js --patients 10000 [--seed 42] [--if-empty]
 * With --if-empty, a database that already holds patients is left as it is (what `npm start` wants).
 */
import { parseArgs } from 'node:util';
import type { RowDataPacket } from 'mysql2/promise';
import { ConfigError, createLogger, errorMessage } from '@ficus/core';
import { readClinicConfig } from './config';
import { applyClinicSchema } from './db/schema';
import { createClinicPool } from './db/pool';
import { seedClinic } from './seed/seed-clinic';

const logger = createLogger('clinic-seed');

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new ConfigError('CLINIC_BAD_ARG', `${flag} takes a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string' },
      seed: { type: 'string' },
      'if-empty': { type: 'boolean', default: false },
    },
  });
  const patients = wholeNumber('--patients', values.patients, 10_000);
  const seed = wholeNumber('--seed', values.seed, 42);
  const pool = createClinicPool(readClinicConfig().databaseUrl, 4);
  try {
    await applyClinicSchema(pool);
    const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM PATIENT_MST');
    const existing = Number(rows[0]?.n ?? 0);
    if (existing > 0 && values['if-empty']) {
      logger.info({ patients: existing }, 'clinic already seeded; leaving it as it is');
      return;
    }
    const started = Date.now();
    const summary = await seedClinic(pool, { patients, seed });
    logger.info({ ...summary, seconds: (Date.now() - started) / 1000 }, 'clinic seeded');
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'seeding failed');
  process.exit(1);
});
