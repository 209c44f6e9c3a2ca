/**
 * Runs the legacy clinic on its own:
 *   CLINIC_DATABASE_URL=mysql://root@127.0.0.1:3306/clinic CLINIC_PORT=8081 node dist/apps/legacy-clinic/src/main.js
 * Missing tables are created at start; seeding is the CLI's job (`npm run seed`).
 */
import { createLogger, errorMessage, stopOnSignals } from '@ficus/core';
import { readClinicConfig } from './config';
import { startClinicServer } from './server';

const logger = createLogger('legacy-clinic');

async function main(): Promise<void> {
  const config = readClinicConfig();
  const server = await startClinicServer({ ...config, applySchema: true, logger });
  stopOnSignals(logger, () => server.close());
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'legacy clinic failed to start');
  process.exit(1);
});
