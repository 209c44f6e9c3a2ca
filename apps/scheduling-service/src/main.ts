/**
 * Runs the scheduling service:
 *   SCHEDULING_DATABASE_URL=mysql://root@127.0.0.1:3407/scheduling SCHEDULING_PORT=8083 node dist/apps/scheduling-service/src/main.js
 * Pending migrations run before it listens.
 */
import { createLogger, errorMessage, stopOnSignals } from '@ficus/core';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { startSchedulingService } from './scheduling-app';

const logger = createLogger('scheduling-service');

async function main(): Promise<void> {
  const config = readSchedulingConfig();
  const service = await startSchedulingService(config, logger).catch((err: unknown) => {
    throw explainStartError(err, config.databaseUrl);
  });
  logger.info({ port: service.port }, 'scheduling service listening');
  stopOnSignals(logger, () => service.close());
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorMessage(err) }, 'scheduling service failed to start');
  process.exit(1);
});
