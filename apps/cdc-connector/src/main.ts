import { parseArgs } from 'node:util';
import pino from 'pino';
import { createLogger, errorMessage, FicusError } from '@ficus/core';
import { statusCommand } from './cli/status.command';
import {
  CdcConnector,
  IncrementalSnapshots,
  loadConnectorConfig,
  startHttpEndpoint,
} from '@ficus/cdc';

const USAGE = `usage: ficus-cdc <run|status> [--config <file>]

  run      capture changes until SIGINT/SIGTERM (transport kafka, or jsonl: one JSON line per event
           to standard output or a file; embedded is for in-process use)
  status   position, lag and state of the connector (live from its http port, else from its offsets)

The configuration comes from --config (YAML or JSON; default $FICUS_CDC_CONFIG) and FICUS_CDC_*
environment variables; see docs/cdc.md.
`;

async function run(configFile: string | undefined): Promise<number> {
  const config = loadConnectorConfig(configFile);
  // Events on standard output: the logs move to standard error, so the output stays JSON lines.
  const eventsOnStdout = config.transport.kind === 'jsonl' && config.transport.path === '-';
  const logger = createLogger(
    'cdc-connector',
    {},
    eventsOnStdout ? pino.destination(2) : undefined,
  );
  const connector = new CdcConnector({
    config,
    logger,
    rowsHook: (c) => new IncrementalSnapshots(c),
  });
  const http = config.http
    ? await startHttpEndpoint(config.http.port, connector.metrics, () => connector.status())
    : undefined;
  const shutdown = (): void => void connector.stop();
  process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
  try {
    await connector.start();
    await connector.done;
    return 0;
  } finally {
    await http?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: process.env.FICUS_CDC_CONFIG },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'run':
      return run(values.config);
    case 'status':
      return statusCommand(loadConnectorConfig(values.config));
    default:
      console.error(`ficus-cdc: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof FicusError ? err.message : errorMessage(err));
    process.exit(1);
  },
);
