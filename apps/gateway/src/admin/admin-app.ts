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
  // Listens on Nest's server itself: app.listen() logs a bind error as it rejects, and the gateway
  // reports that error once, with the setting to change (FICUS_PORT_IN_USE).
  await app.init();
  const server: Server = app.getHttpServer();
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(listen.port, listen.host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}
