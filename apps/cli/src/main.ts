import { parseArgs } from 'node:util';
import { errorMessage, FicusError } from '@ficus/core';
import { infraCommand } from './commands/infra.command';
import { planStatusCommand } from './commands/plan.command';
import { sampleCommand } from './commands/sample.command';
import { seedCommand } from './commands/seed.command';

const USAGE = `usage: ficus <command>

  sample [--patients N] [--port P]   start the sample migration: MariaDB, seeded clinic, gateway (Ctrl-C stops all)
  seed [--patients N] [--seed S]     fill the clinic database on the private MariaDB with a synthetic clinic
  infra up [--no-kafka]              start the private MariaDB (binlog on) and Kafka in the background
  infra down                         stop them
  infra status                       show what runs
  plan status [--write]              the route status table of migration-plan.md (live from the admin API
                                     at --admin, default http://127.0.0.1:8081, else from --config)
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      patients: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      'no-kafka': { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      config: { type: 'string', default: process.env.FICUS_CONFIG ?? 'ficus.config.yaml' },
      admin: { type: 'string', default: process.env.FICUS_ADMIN_URL ?? 'http://127.0.0.1:8081' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, action] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'infra':
      if (action !== 'up' && action !== 'down' && action !== 'status') {
        console.error(`ficus infra: unknown action "${action ?? ''}"; use up, down or status`);
        return 2;
      }
      return infraCommand(action, { kafka: !values['no-kafka'] });
    case 'plan':
      if (action !== 'status') {
        console.error(`ficus plan: unknown action "${action ?? ''}"; use status`);
        return 2;
      }
      return planStatusCommand({
        config: values.config,
        plan: 'migration-plan.md',
        admin: values.admin,
        write: values.write,
      });
    case 'seed':
      return seedCommand({
        patients: parsePositive('--patients', values.patients, 10_000),
        seed: parsePositive('--seed', values.seed, 42),
      });
    case 'sample':
      return sampleCommand({
        patients: parsePositive('--patients', values.patients, 10_000),
        gatewayPort: parsePositive(
          '--port',
          values.port,
          Number(process.env.FICUS_GATEWAY_PORT ?? 8080),
        ),
      });
    default:
      console.error(`ficus: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

function parsePositive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new FicusError('FICUS_CLI_ARG', `${flag} takes a whole number, got "${value}"`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(errorMessage(err));
    process.exitCode = 1;
  },
);
