import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createLogger,
  errorMessage,
  NestPinoLogger,
  stopOnSignals,
  type Logger,
} from '@ficus/core';
import type { ServiceErrors } from './http/api-errors';
import { jsonBody, jsonBodyError } from './http/json-body';

export interface ServiceAppOptions {
  logger: Logger;
  /** How the service's APIs answer a body the JSON parser refuses. */
  errors: ServiceErrors;
  /** The largest JSON body accepted, in the `bytes` package's notation (`100kb`). */
  bodyLimit: string;
}

/**
 * A service, initialised (database connected, migrations applied) but not listening: tests
 * drive it with supertest or listen on a free port, main() listens.
 */
export async function createServiceApp(
  module: DynamicModule,
  { logger, errors, bodyLimit }: ServiceAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new NestPinoLogger(logger),
    // Our own parser, so that a malformed body answers in the legacy API's or FHIR's error shape.
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(jsonBody(bodyLimit));
  app.use(jsonBodyError(errors, bodyLimit));
  app.enableShutdownHooks();
  await app.init();
  return app;
}

export interface RunningService {
  port: number;
  close(): Promise<void>;
}

export async function listenService(
  app: NestExpressApplication,
  { port, host }: { port: number; host: string },
): Promise<RunningService> {
  await app.listen(port, host);
  const server: Server = app.getHttpServer();
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}

export interface ServiceMainOptions<C extends { databaseUrl: string }> {
  /** How the logs call the service: `patients service` (its logger is `patients-service`). */
  name: string;
  /** Reads the service's configuration; its errors name the variable to fix. */
  readConfig(): C;
  start(config: C, logger: Logger): Promise<RunningService>;
  /** Turns a failure to connect into one that says what to fix (a missing database, say). */
  explainStartError(err: unknown, databaseUrl: string): unknown;
}

/** A service's process: reads its configuration, starts it, and stops it on SIGTERM or SIGINT. */
export function runServiceMain<C extends { databaseUrl: string }>(
  options: ServiceMainOptions<C>,
): void {
  const logger = createLogger(options.name.replaceAll(' ', '-'));
  const main = async () => {
    const config = options.readConfig();
    const service = await options.start(config, logger).catch((err: unknown) => {
      throw options.explainStartError(err, config.databaseUrl);
    });
    logger.info({ port: service.port }, `${options.name} listening`);
    stopOnSignals(logger, () => service.close());
  };
  main().catch((err: unknown) => {
    logger.fatal({ err: errorMessage(err) }, `${options.name} failed to start`);
    process.exit(1);
  });
}
