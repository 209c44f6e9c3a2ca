import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestPinoLogger, type Logger } from '@ficus/core';
import { AppModule } from './app.module';
import type { SchedulingConfig } from './config/scheduling-config';
import { jsonBody, jsonBodyError } from './http/json-body';
import { systemClock, type Clock } from './modules/scheduling/application/clock';

/**
 * The service, initialised (database connected, migrations applied) but not listening: tests
 * drive it over HTTP after listen(), main() listens.
 */
export async function createSchedulingApp(
  config: SchedulingConfig,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<NestExpressApplication> {
  const module = AppModule.forRoot(config, logger, clock);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new NestPinoLogger(logger),
    // Our own parser, so that a malformed body answers in the clinic's or FHIR's error shape.
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(jsonBody());
  app.use(jsonBodyError);
  app.enableShutdownHooks();
  await app.init();
  return app;
}

export interface RunningSchedulingService {
  port: number;
  close(): Promise<void>;
}

export async function startSchedulingService(
  config: SchedulingConfig,
  logger: Logger,
): Promise<RunningSchedulingService> {
  const app = await createSchedulingApp(config, logger);
  await app.listen(config.port, config.host);
  const server: Server = app.getHttpServer();
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}
