import { DataSource, type DataSourceOptions } from 'typeorm';
import { ConfigError, createLogger, errorMessage, type Logger } from '@ficus/core';

const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

export interface MigrationCommandOptions {
  /** The logger's name, `<service>-migrate`. */
  logName: string;
  /** The code, from the service's catalogue, of the error an unknown command fails with. */
  badArgumentCode: string;
  /** Reads the service's configuration; its errors name the variable to fix. */
  databaseUrl(): string;
  dataSourceOptions(databaseUrl: string): DataSourceOptions;
  /** Turns a failure to connect into one that says what to fix (a missing database, say). */
  explainStartError(err: unknown, databaseUrl: string): unknown;
}

function commandOf(arg: string | undefined, badArgumentCode: string): Command {
  const command = arg ?? 'run';
  if ((COMMANDS as readonly string[]).includes(command)) return command as Command;
  throw new ConfigError(
    badArgumentCode,
    `unknown command "${command}": use ${COMMANDS.join(', ')}`,
  );
}

async function migrate(command: Command, dataSource: DataSource, logger: Logger): Promise<number> {
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

async function runMigrations(options: MigrationCommandOptions, logger: Logger): Promise<number> {
  const command = commandOf(process.argv[2], options.badArgumentCode);
  const databaseUrl = options.databaseUrl();
  const dataSource = new DataSource(options.dataSourceOptions(databaseUrl));
  await dataSource.initialize().catch((err: unknown) => {
    throw options.explainStartError(err, databaseUrl);
  });
  try {
    return await migrate(command, dataSource, logger);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A service's schema migrations as a command, `[run|revert|show]`: `run` applies pending
 * migrations (the service also does on start), `revert` undoes the last one, `show` exits 1 when
 * some are pending (a deploy check). Exits the process with the command's status.
 */
export function runMigrationCommand(options: MigrationCommandOptions): void {
  const logger = createLogger(options.logName);
  runMigrations(options, logger).then(
    (code) => process.exit(code),
    (err: unknown) => {
      logger.fatal({ err: errorMessage(err) }, 'migration failed');
      process.exit(1);
    },
  );
}
