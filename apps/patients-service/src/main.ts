/**
 * Runs the patients service:
 *   PATIENTS_DATABASE_URL=mysql://root@127.0.0.1:3407/patients PATIENTS_PORT=8082 node dist/apps/patients-service/src/main.js
 * Pending migrations run before it listens.
 */
import { createLogger, errorMessage, stopOnSignals } from '@ficus/core';
import { explainStartError, readPatientsConfig } from './config/patients-config';
import { startPatientsService } from './patients-app';

const logger = createLogger('patients-service');

async function main(): Promise<void> {
  const config = readPatientsConfig();
  const service = await startPatientsService(config, logger).catch((err: unknown) => {
    throw explainStartError(err, config.databaseUrl);
  });
  logger.info({ port: service.port }, 'patients service listening');
  stopOnSignals(logger, () => service.close());
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'patients service failed to start');
  process.exit(1);
});
