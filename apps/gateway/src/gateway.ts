import { createLogger, type Logger } from '@ficus/core';
import { loadGatewayConfig } from './config/config.loader';
import type { GatewayConfig } from './config/config.schema';
import { DataPlane } from './proxy/data-plane';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Overrides config.listen.port (0 picks a free port: tests). */
  port?: number;
  logger?: Logger;
}

export interface RunningGateway {
  port: number;
  close(): Promise<void>;
}

/** Starts the gateway. A configuration that does not validate never gets this far: nothing half-starts. */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const log = opts.logger ?? createLogger('gateway');
  const plane = new DataPlane(opts.config, log);
  const port = await plane.listen(opts.port ?? opts.config.listen.port, opts.config.listen.host);
  return { port, close: () => plane.close() };
}

export function startGatewayFromFile(file: string, port?: number): Promise<RunningGateway> {
  return startGateway({ config: loadGatewayConfig(file), ...(port === undefined ? {} : { port }) });
}
