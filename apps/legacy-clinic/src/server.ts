import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@ficus/core';
import { createClinicApp } from './app';
import { createClinicPool } from './db/pool';
import { applyClinicSchema } from './db/schema';

export interface ClinicServerOptions {
  /** mysql://user:password@host:port/database */
  databaseUrl: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
  host?: string;
  /** Create any missing table before listening (idempotent). Off by default. */
  applySchema?: boolean;
  logger?: Logger;
}

export interface RunningClinicServer {
  port: number;
  close(): Promise<void>;
}

export async function startClinicServer(
  options: ClinicServerOptions,
): Promise<RunningClinicServer> {
  const logger = options.logger ?? createLogger('legacy-clinic');
  const pool = createClinicPool(options.databaseUrl);
  try {
    if (options.applySchema) await applyClinicSchema(pool);
    const app = createClinicApp(pool, { logger });
    const server = createServer(app);
    await listen(server, options.port, options.host ?? '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    logger.info({ port }, 'legacy clinic listening');
    return { port, close: () => closeAll(server, pool) };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, drops idle keep-alive sockets so close() does not wait on them, then ends the pool. */
async function closeAll(server: Server, pool: { end(): Promise<void> }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
  await pool.end();
}
