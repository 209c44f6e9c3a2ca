import { createLogger, errorMessage } from '@ficus/core';
import { startGatewayFromFile, type RunningGateway } from './gateway';

const log = createLogger('gateway');
/** Requests in flight get this long to finish after SIGINT/SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 30_000;

function portFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}="${value}" is not a port number (0-65535)`);
  }
  return port;
}

function stopOnSignals(gateway: RunningGateway): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for requests in flight');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping: no new connections, finishing requests in flight');
    setTimeout(() => {
      log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still in flight after the grace period');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: errorMessage(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const file = process.env.FICUS_CONFIG ?? 'ficus.config.yaml';
  const adminPort = portFromEnv('FICUS_ADMIN_PORT');
  const gateway = await startGatewayFromFile(
    file,
    portFromEnv('FICUS_GATEWAY_PORT'),
    adminPort === undefined ? {} : { port: adminPort },
  );
  log.info(
    {
      port: gateway.port,
      adminPort: gateway.admin?.port,
      controlStore: gateway.control.shared ? 'mysql' : 'memory',
      config: file,
    },
    'gateway listening',
  );
  stopOnSignals(gateway);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
