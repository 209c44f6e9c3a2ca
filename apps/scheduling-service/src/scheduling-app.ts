import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@ficus/core';
import { CLINIC_BODY_LIMIT } from '@ficus/legacy-adapter';
import { createServiceApp, listenService, type RunningService } from '@ficus/service-kit';
import { AppModule } from './app.module';
import type { SchedulingConfig } from './config/scheduling-config';
import { SERVICE_ERRORS } from './http/service-errors';
import { systemClock, type Clock } from './modules/scheduling/application/clock';

/**
 * The service, initialised (database connected, migrations applied) but not listening: tests
 * drive it over HTTP after listen(), main() listens.
 */
export function createSchedulingApp(
  config: SchedulingConfig,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<NestExpressApplication> {
  return createServiceApp(AppModule.forRoot(config, logger, clock), {
    logger,
    errors: SERVICE_ERRORS,
    bodyLimit: CLINIC_BODY_LIMIT,
  });
}

export async function startSchedulingService(
  config: SchedulingConfig,
  logger: Logger,
): Promise<RunningService> {
  return listenService(await createSchedulingApp(config, logger), config);
}
