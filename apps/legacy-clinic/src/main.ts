/**
 * Runs the legacy clinic on its own:
 *   CLINIC_DATABASE_URL=mysql://root@127.0.0.1:3306/clinic CLINIC_PORT=8081 node dist/apps/legacy-clinic/src/main.js
 * Missing tables are created at start; seeding is the CLI's job (`npm run seed`).
 */
import { createLogger, errorMessage } from '@ficus/core';
import { readClinicConfig } from './config';
import { startClinicServer } from './server';

const logger = createLogger('legacy-clinic');

async function main(): Promise<void> {
  const config = readClinicConfig();
  const server = await startClinicServer({ ...config, applySchema: true, logger });
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: errorMessage(err) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'legacy clinic failed to start');
  process.exit(1);
});
