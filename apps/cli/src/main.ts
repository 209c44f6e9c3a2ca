import { parseArgs } from 'node:util';
import { errorMessage, FicusError } from '@ficus/core';
import {
  AdminApiError,
  AdminClient,
  AdminUnreachableError,
  adminToken,
  DEFAULT_ADMIN_URL,
} from './admin-client';
import { infraCommand } from './commands/infra.command';
import {
  auditCommand,
  moveCommand,
  routesCommand,
  statusCommand,
  type Move,
} from './commands/migrate.command';
import { planCommand } from './commands/plan.command';
import { progressCommand } from './commands/progress.command';
import {
  RECONCILE_ENTITIES,
  reconcileCommand,
  serviceUrl,
  type ReconcileEntity,
} from './commands/reconcile.command';
import { sampleCommand } from './commands/sample.command';
import { scheduleCommand } from './commands/schedule.command';
import { seedCommand } from './commands/seed.command';
import { COMMANDS, commandHelp, mainHelp, type CommandName } from './cli-help';
import { EXIT } from './exit-codes';
import { table } from './format';

const OPTIONS = {
  'admin-url': { type: 'string' },
  'token-file': { type: 'string' },
  json: { type: 'boolean', default: false },
  reason: { type: 'string' },
  force: { type: 'boolean', default: false },
  weight: { type: 'string' },
  auto: { type: 'boolean', default: false },
  stop: { type: 'boolean', default: false },
  write: { type: 'boolean', default: false },
  file: { type: 'string' },
  'from-config': { type: 'boolean', default: false },
  config: { type: 'string' },
  route: { type: 'string' },
  limit: { type: 'string' },
  patients: { type: 'string' },
  seed: { type: 'string' },
  port: { type: 'string' },
  'no-kafka': { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  'service-url': { type: 'string' },
  repair: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: OPTIONS,
  });
}

class UsageError extends FicusError {}

function usage(command: string | undefined, message: string): never {
  const help = command && command in COMMANDS ? commandHelp(command as CommandName) : mainHelp();
  throw new UsageError('FICUS_CLI_USAGE', `${message}\n\n${help}`);
}

/** Options given that the command does not take are an error, never ignored. */
function checkOptions(command: CommandName, given: readonly string[]): void {
  const allowed = new Set<string>([...COMMANDS[command].options, 'help']);
  for (const name of given)
    if (!allowed.has(name)) usage(command, `ficus ${command}: unknown option --${name}`);
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError('FICUS_CLI_ARG', `${flag} takes a whole number, got "${value}"`);
  return n;
}

function client(values: Values): AdminClient {
  const url = values['admin-url'] ?? process.env.FICUS_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  return new AdminClient(url, adminToken({ tokenFile: values['token-file'] }));
}

function routeArg(command: string, route: string | undefined): string {
  if (!route)
    usage(command, `ficus ${command}: name the route, e.g. ficus ${command} patients-read`);
  return route;
}

/** `canary <route> <weight>`; the weight may come first or as --weight. */
function canaryArgs(args: string[], values: Values): { route: string; weight: number } {
  const numeric = args.filter((a) => /^\d+$/.test(a));
  const names = args.filter((a) => !/^\d+$/.test(a));
  const raw = values.weight ?? numeric[0];
  if (names.length !== 1 || raw === undefined || numeric.length > (values.weight ? 0 : 1))
    usage(
      'canary',
      'ficus canary: give the route and the weight, e.g. ficus canary patients-read 10',
    );
  const weight = wholeNumber('the canary weight', raw, 0);
  if (weight < 1 || weight > 100)
    usage('canary', `ficus canary: the weight is a percentage from 1 to 100, got ${weight}`);
  return { route: names[0]!, weight };
}

/** parseArgs' own refusals (unknown option, missing value) become usage errors of the command. */
function parseOrExplain(argv: string[]): ReturnType<typeof parse> {
  try {
    return parse(argv);
  } catch (err) {
    const command = argv.find((a) => !a.startsWith('-'));
    const known = command !== undefined && command in COMMANDS ? command : undefined;
    const unknown = /Unknown option '(--?[^']+)'/.exec((err as Error).message)?.[1];
    const what = unknown ? `unknown option ${unknown}` : (err as Error).message;
    usage(known, `ficus${known ? ` ${known}` : ''}: ${what}`);
  }
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values, tokens } = parseOrExplain(argv);
  const [command, ...args] = positionals;
  if (!command) {
    if (values.help) {
      console.log(mainHelp());
      return EXIT.OK;
    }
    usage(undefined, 'ficus: name a command');
  }
  if (command === 'help') {
    const topic = args[0];
    console.log(topic && topic in COMMANDS ? commandHelp(topic as CommandName) : mainHelp());
    return EXIT.OK;
  }
  if (!(command in COMMANDS)) usage(undefined, `ficus: unknown command "${command}"`);
  const name = command as CommandName;
  checkOptions(
    name,
    tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])),
  );
  if (values.help) {
    console.log(commandHelp(name));
    return EXIT.OK;
  }
  const out = { json: values.json };
  const move = { ...out, reason: values.reason, force: values.force };
  if (values.force && !values.reason)
    usage(name, `ficus ${name}: --force needs --reason "<why>": it is kept in the audit log`);
  switch (name) {
    case 'status':
      return statusCommand(client(values), args[0], out);
    case 'routes':
      return routesCommand(client(values), out);
    case 'progress':
      return progressCommand(client(values), args[0], out);
    case 'shadow':
      return moveCommand(
        client(values),
        routeArg(name, args[0]),
        { kind: 'mode', mode: 'shadow' },
        move,
      );
    case 'canary': {
      if (values.auto || values.stop) {
        if (values.auto && values.stop)
          usage(name, 'ficus canary: --auto starts, --stop stops; not both');
        if (args.length !== 1 || values.weight || values.force)
          usage(
            name,
            'ficus canary: --auto and --stop take the route alone, e.g. ficus canary patients-read --auto',
          );
        return scheduleCommand(client(values), args[0]!, values.auto ? 'start' : 'stop', move);
      }
      const { route, weight } = canaryArgs(args, values);
      return moveCommand(client(values), route, { kind: 'mode', mode: 'canary', weight }, move);
    }
    case 'promote': {
      const step: Move = values.weight
        ? { kind: 'promote', weight: wholeNumber('--weight', values.weight, 0) }
        : { kind: 'promote' };
      return moveCommand(client(values), routeArg(name, args[0]), step, move);
    }
    case 'rollback':
    case 'abort':
      return moveCommand(client(values), routeArg(name, args[0]), { kind: name }, move);
    case 'audit':
      return auditCommand(client(values), {
        ...out,
        route: values.route ?? args[0],
        limit: wholeNumber('--limit', values.limit, 50),
      });
    case 'plan':
      if (args[0] !== undefined && args[0] !== 'status')
        usage(name, `ficus plan: unexpected "${args[0]}"`);
      return planCommand(client(values), {
        file: values.file ?? 'migration-plan.md',
        write: values.write,
        fromConfig: values['from-config']
          ? (values.config ?? process.env.FICUS_CONFIG ?? 'ficus.config.yaml')
          : undefined,
      });
    case 'reconcile': {
      const entity = args[0];
      if (entity === undefined || !(entity in RECONCILE_ENTITIES))
        usage(
          name,
          `ficus reconcile: name the entity, one of: ${Object.keys(RECONCILE_ENTITIES).join(', ')}`,
        );
      return reconcileCommand(
        entity as ReconcileEntity,
        serviceUrl(entity as ReconcileEntity, values['service-url']),
        { repair: values.repair, json: values.json },
      );
    }
    case 'infra': {
      const action = args[0];
      if (action !== 'up' && action !== 'down' && action !== 'status')
        usage(name, `ficus infra: unknown action "${action ?? ''}"; use up, down or status`);
      return infraCommand(action, { kafka: !values['no-kafka'] });
    }
    case 'seed':
      return seedCommand({
        patients: wholeNumber('--patients', values.patients, 10_000),
        seed: wholeNumber('--seed', values.seed, 42),
      });
    case 'sample':
      return sampleCommand({
        patients: wholeNumber('--patients', values.patients, 10_000),
        gatewayPort: wholeNumber(
          '--port',
          values.port,
          Number(process.env.FICUS_GATEWAY_PORT ?? 8080),
        ),
        fresh: values.fresh,
      });
  }
}

/** How a failure reads on the terminal, and which exit code it gives (exit-codes.ts). */
function report(err: unknown, json: boolean): number {
  if (err instanceof UsageError) {
    console.error(err.message.replace(/^FICUS_CLI_USAGE: /, ''));
    return EXIT.USAGE;
  }
  if (err instanceof AdminApiError) {
    if (json) console.log(JSON.stringify({ status: err.status, ...err.problem }, null, 2));
    const gates = err.gates;
    if (gates.length) {
      const detail = err.problem.detail ?? '';
      const head = /^(.*? may not move from .+? to .+?): /.exec(detail)?.[1] ?? detail;
      console.error(`ficus: refused (${err.code}): ${head}`);
      console.error(
        table(
          ['  STATE', 'GATE', 'FIGURE', 'THRESHOLD', 'DETAIL'],
          gates.map((g) => [
            `  ${g.state}`,
            g.gate,
            g.figure === null ? '—' : String(Number(g.figure.toFixed(4))),
            String(g.threshold),
            g.detail,
          ]),
        ),
      );
      console.error(
        'Wait until the gates hold (ficus status), or move with --force --reason "<why>".',
      );
    } else console.error(`ficus: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof AdminUnreachableError) {
    console.error(`ficus: ${err.message}`);
    return err.exitCode;
  }
  if (
    err instanceof FicusError &&
    (err.code === 'FICUS_CLI_ARG' || err.code === 'FICUS_CLI_TOKEN_FILE')
  ) {
    console.error(`ficus: ${err.message}`);
    return EXIT.USAGE;
  }
  console.error(`ficus: ${errorMessage(err)}`);
  return EXIT.FAILED;
}

const argv = process.argv.slice(2);
run(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = report(err, argv.includes('--json'));
  },
);
