/** Every command's usage and options, for `ficus --help` and `ficus <command> --help`. */

const CONNECTION = ['admin-url', 'token-file'] as const;

const OPTION_HELP: Record<string, string> = {
  'admin-url':
    '--admin-url URL     the gateway admin API (FICUS_ADMIN_URL; default http://127.0.0.1:8081)',
  'token-file': `--token-file FILE   read the admin token from FILE (else FICUS_ADMIN_TOKEN, else .ficus/admin-token)`,
  json: '--json              print the admin API answer as JSON (problems too, on stdout)',
  reason: '--reason TEXT       why: kept in the audit log (never patient data)',
  force:
    '--force             move forward although gates do not hold (needs --reason; audited as forced)',
  weight: '--weight N          the canary weight to go to (promote: instead of the next step)',
  auto: "--auto              start the route's step schedule (schedules in the config) instead of one move",
  stop: "--stop              stop the route's step schedule; the route stays where it is",
  write:
    '--write             replace the status block of the plan file instead of printing the table',
  file: '--file FILE         the plan file (default migration-plan.md)',
  'from-config':
    '--from-config       take the modes declared in the config file, not the live gateway',
  config:
    '--config FILE       the config file for --from-config (FICUS_CONFIG; default ficus.config.yaml)',
  route: '--route NAME        only this route',
  limit: '--limit N           at most N entries (default 50)',
  patients: '--patients N        synthetic patients to seed (default 10000)',
  seed: '--seed S            the random seed (default 42)',
  port: '--port P            the gateway port (FICUS_GATEWAY_PORT; default 8080)',
  'no-kafka': '--no-kafka          start MariaDB only',
  fresh: '--fresh             drop the sample databases and the stored token first: a clean start',
  'service-url':
    '--service-url URL   the service owning the entity (patients: FICUS_PATIENTS_URL; default http://127.0.0.1:8082)',
  repair:
    "--repair            repair what differs through the service's sync (the system of record's side wins)",
  help: '-h, --help          this help',
};

interface CommandSpec {
  usage: string;
  summary: string;
  options: readonly string[];
  details?: string;
}

export const COMMANDS = {
  status: {
    usage: 'ficus status [route] [--json]',
    summary:
      "each route's mode, time in the step, comparisons, parity, requests, error rate and p99 against legacy's, and its gates",
    options: [...CONNECTION, 'json'],
    details:
      "Figures are the current step's: counted since the route entered its mode on the gateway that answers.\nA gate is pass, fail (not held, or too little data) or unknown (not measured: it holds the move).",
  },
  progress: {
    usage: 'ficus progress [route] [--json]',
    summary:
      'the strangling progress per endpoint: requests served by legacy and new, unrouted requests, last hits, share on new code',
    options: [...CONNECTION, 'json'],
    details:
      'Endpoints are templates learned from traffic (ids collapsed to :id, no query string). Counted in the\ncontrol database when the gateway has one (every replica, across restarts), else since the gateway started.\nUNROUTED: requests the new service answered "no such route"; legacy served them and promotion is held.',
  },
  routes: {
    usage: 'ficus routes [--json]',
    summary: 'the route table: methods, path, live mode, target, group and rollback target',
    options: [...CONNECTION, 'json'],
  },
  shadow: {
    usage: 'ficus shadow <route> [--reason TEXT] [--force]',
    summary: 'legacy answers, the new service gets a copy and both answers are compared',
    options: [...CONNECTION, 'json', 'reason', 'force'],
  },
  canary: {
    usage:
      'ficus canary <route> <weight> [--reason TEXT] [--force] | ficus canary <route> --auto|--stop',
    summary: 'send <weight>% of cohorts to the new service; the legacy half stays compared',
    options: [...CONNECTION, 'json', 'reason', 'force', 'weight', 'auto', 'stop'],
    details:
      'A higher weight is a move forward (gated); a lower one is a step back (never gated). --auto starts the step schedule declared for the route or its group: the weight rises to each step every interval while the gates hold, 100 promotes to new, a breaking gate or an SLO breach rolls back to legacy, and any manual move stops it (ficus status shows the next step and what it waits on).',
  },
  promote: {
    usage: 'ficus promote <route> [--weight N] [--reason TEXT] [--force]',
    summary: 'the next step forward: legacy → shadow → canary 10 → 25 → 50 → new → retired',
    options: [...CONNECTION, 'json', 'reason', 'force', 'weight'],
  },
  rollback: {
    usage: 'ficus rollback <route> [--reason TEXT]',
    summary: 'back to the previous, safer mode (legacy when there is none); never gated',
    options: [...CONNECTION, 'json', 'reason'],
  },
  abort: {
    usage: 'ficus abort <route> [--reason TEXT]',
    summary: 'straight back to legacy, from any mode, in one step; never gated',
    options: [...CONNECTION, 'json', 'reason'],
  },
  audit: {
    usage: 'ficus audit [route] [--limit N] [--json]',
    summary: 'the audit log, oldest of the page first: who moved which route, how, and why',
    options: [...CONNECTION, 'json', 'route', 'limit'],
  },
  plan: {
    usage: 'ficus plan [--write] [--file FILE] [--from-config [--config FILE]]',
    summary: "the migration plan's route status table, from the live admin API",
    options: [...CONNECTION, 'write', 'file', 'from-config', 'config'],
    details:
      'Fails when the admin API cannot be read (exit code below); the config file is read only with --from-config.',
  },
  reconcile: {
    usage: 'ficus reconcile patients [--repair] [--json] [--service-url URL]',
    summary:
      'compare the legacy and the new store by chunk checksums; missing, extra and differing rows by field, never values',
    options: ['service-url', 'repair', 'json'],
    details:
      'Exits 8 when rows still differ (after --repair: what it could not repair, such as rows the\nanti-corruption layer refuses). See docs/reconciliation.md.',
  },
  sample: {
    usage: 'ficus sample [--fresh] [--patients N] [--port P]',
    summary:
      'run the sample migration: MariaDB, the seeded clinic, the patients service and the gateway (Ctrl-C stops all)',
    options: ['patients', 'port', 'fresh'],
    details:
      'Ports: gateway 8080 (FICUS_GATEWAY_PORT), admin 8081 (FICUS_ADMIN_PORT), clinic 3100 (CLINIC_PORT),\npatients service 8082 (PATIENTS_PORT). The admin token is FICUS_ADMIN_TOKEN, else the one stored in\n.ficus/admin-token (generated on first start, mode 0600).',
  },
  seed: {
    usage: 'ficus seed [--patients N] [--seed S]',
    summary: 'fill the clinic database on the private MariaDB with a synthetic clinic',
    options: ['patients', 'seed'],
  },
  infra: {
    usage: 'ficus infra up|down|status [--no-kafka]',
    summary:
      'the private MariaDB (binlog on) and Kafka: start in the background, stop, show (MYSQL_URL / KAFKA_BROKERS servers are checked, not started)',
    options: ['no-kafka'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  failed unexpectedly (the message says why)
  2  wrong command line
  3  refused by the admin API: a gate does not hold, or nothing to roll back to (409)
  4  no token, or a token the admin API does not accept (401, 403)
  5  no admin API answers at the URL, or it is unavailable (503); infra status: not running
  6  no such route (404)
  7  the route cannot be served that way (400, 422)
  8  reconcile: rows still differ`;

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`,
  );
  return [
    'usage: ficus <command> [options]        ficus <command> --help for its options',
    '',
    ...lines,
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  return [
    `usage: ${spec.usage}`,
    '',
    spec.summary,
    ...(spec.details ? ['', spec.details] : []),
    '',
    'Options:',
    ...[...spec.options, 'help'].map((o) => `  ${OPTION_HELP[o] ?? `--${o}`}`),
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}
