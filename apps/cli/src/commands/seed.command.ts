import { startMariaDb } from '@ficus/infra';
import { runToCompletion } from '../process-group';
import { CLINIC_DB, CLINIC_SEED_SCRIPT, ensureDatabase } from './sample.command';

/**
 * `ficus seed --patients N [--seed S]`: a freshly seeded clinic database on the private MariaDB
 * (started for the occasion unless `infra up` or MYSQL_URL provide one). Refuses a non-empty one.
 */
export async function seedCommand(opts: { patients: number; seed: number }): Promise<number> {
  const mysql = await startMariaDb({ detached: false });
  try {
    const url = await ensureDatabase(mysql.url, CLINIC_DB);
    await runToCompletion(
      'clinic seed',
      CLINIC_SEED_SCRIPT,
      ['--patients', String(opts.patients), '--seed', String(opts.seed)],
      {
        CLINIC_DATABASE_URL: url,
      },
    );
    return 0;
  } finally {
    await mysql.stop();
  }
}
