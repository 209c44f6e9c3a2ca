import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@ficus/core';
import { AppModule } from './app.module';
import type { PatientsConfig } from './config/patients-config';
import { jsonBody, jsonBodyError } from './http/json-body';
import { NestPinoLogger } from '@ficus/core';

/**
 * The service, initialised (database connected, migrations applied) but not listening: tests
 * drive it with supertest, main() listens.
 */
export async function createPatientsApp(
  config: PatientsConfig,
  logger: Logger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
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

export interface RunningPatientsService {
  port: number;
  close(): Promise<void>;
}

export async function startPatientsService(
  config: PatientsConfig,
  logger: Logger,
): Promise<RunningPatientsService> {
  const app = await createPatientsApp(config, logger);
  await app.listen(config.port, config.host);
  const server: Server = app.getHttpServer();
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}
