import { createLogger, errorMessage } from '@ficus/core';
import { startGatewayFromFile } from './gateway';

const log = createLogger('gateway');

async function main(): Promise<void> {
  const file = process.env.FICUS_CONFIG ?? 'ficus.config.yaml';
  const port = process.env.FICUS_GATEWAY_PORT ? Number(process.env.FICUS_GATEWAY_PORT) : undefined;
  const gateway = await startGatewayFromFile(file, port);
  log.info({ port: gateway.port, config: file }, 'gateway listening');
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
