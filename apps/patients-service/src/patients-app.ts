import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@ficus/core';
import { CLINIC_BODY_LIMIT } from '@ficus/legacy-adapter';
import { createServiceApp, listenService, type RunningService } from '@ficus/service-kit';
import { AppModule } from './app.module';
import type { PatientsConfig } from './config/patients-config';
import { SERVICE_ERRORS } from './http/service-errors';

/**
 * The service, initialised (database connected, migrations applied) but not listening: tests
 * drive it with supertest, main() listens.
 */
export function createPatientsApp(
  config: PatientsConfig,
  logger: Logger,
): Promise<NestExpressApplication> {
  return createServiceApp(AppModule.forRoot(config, logger), {
    logger,
    errors: SERVICE_ERRORS,
    bodyLimit: CLINIC_BODY_LIMIT,
  });
}

export async function startPatientsService(
  config: PatientsConfig,
  logger: Logger,
): Promise<RunningService> {
  return listenService(await createPatientsApp(config, logger), config);
}
