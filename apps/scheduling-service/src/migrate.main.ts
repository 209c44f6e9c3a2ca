/**
 * The service's schema migrations as a command:
 *   SCHEDULING_DATABASE_URL=... node dist/apps/scheduling-service/src/migrate.main.js [run|revert|show]
 * `run` applies pending migrations (the service also does on start), `revert` undoes the last
 * one, `show` exits 1 when some are pending (a deploy check).
 */
import { DataSource } from 'typeorm';
import { ConfigError, createLogger, errorMessage } from '@ficus/core';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { schedulingDataSourceOptions } from './database/data-source-options';

const logger = createLogger('scheduling-migrate');
const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

function commandOf(arg: string | undefined): Command {
  const command = arg ?? 'run';
  if ((COMMANDS as readonly string[]).includes(command)) return command as Command;
  throw new ConfigError(
    'FICUS_SCHEDULING_BAD_ARG',
    `unknown command "${command}": use ${COMMANDS.join(', ')}`,
  );
}

async function migrate(command: Command, dataSource: DataSource): Promise<number> {
  switch (command) {
    case 'run': {
      const applied = await dataSource.runMigrations();
      logger.info({ applied: applied.map((m) => m.name) }, 'migrations applied');
      return 0;
    }
    case 'revert':
      await dataSource.undoLastMigration();
      logger.info('last migration reverted');
      return 0;
    case 'show': {
      const pending = await dataSource.showMigrations();
      logger.info({ pending }, pending ? 'migrations pending' : 'schema up to date');
      return pending ? 1 : 0;
    }
  }
}

async function main(): Promise<number> {
  const command = commandOf(process.argv[2]);
  const { databaseUrl } = readSchedulingConfig();
  const dataSource = new DataSource(schedulingDataSourceOptions(databaseUrl));
  await dataSource.initialize().catch((err: unknown) => {
    throw explainStartError(err, databaseUrl);
  });
  try {
    return await migrate(command, dataSource);
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    logger.fatal({ err: errorMessage(err) }, 'migration failed');
    process.exit(1);
  },
);
