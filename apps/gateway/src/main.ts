import { createLogger, errorMessage, stopOnSignals } from '@ficus/core';
import { startGatewayFromFile } from './gateway';

const log = createLogger('gateway');

function portFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}="${value}" is not a port number (0-65535)`);
  }
  return port;
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
  stopOnSignals(log, () => gateway.close());
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
