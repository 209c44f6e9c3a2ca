import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@ficus/core';
import { AdminModule, type AdminDependencies } from './admin.module';
import { NestPinoLogger } from '@ficus/core';
import { setupOpenApi } from './openapi';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation.pipe';

export interface RunningAdmin {
  port: number;
  /** Stops accepting, lets requests in flight finish, then closes. */
  close(): Promise<void>;
}

/** Starts the admin API on its own listener, never the data plane's. */
export async function startAdminApp(
  deps: AdminDependencies,
  listen: { host: string; port: number },
  log: Logger,
): Promise<RunningAdmin> {
  const app = await NestFactory.create<NestExpressApplication>(AdminModule.forGateway(deps), {
    logger: new NestPinoLogger(log),
    // Nest would otherwise call process.exit on a start-up error, taking the data plane with it.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(log));
  setupOpenApi(app);
  await app.listen(listen.port, listen.host);
  const server: Server = app.getHttpServer();
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}
