import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, errorMessage } from '@ficus/core';
import {
  connectorConfigSchema,
  SNAPSHOT_MODES,
  type ConnectorConfig,
} from './connector-config.schema';

/** Environment variables that override (or, without a file, make up) the configuration. */
const ENV_KEYS: Record<string, { path: string[]; parse: (v: string) => unknown }> = {
  FICUS_CDC_SERVER_NAME: { path: ['serverName'], parse: String },
  FICUS_CDC_MYSQL_URL: { path: ['source', 'mysqlUrl'], parse: String },
  FICUS_CDC_SERVER_ID: { path: ['source', 'serverId'], parse: Number },
  FICUS_CDC_DATABASES: { path: ['source', 'databases'], parse: list },
  FICUS_CDC_TABLES: { path: ['source', 'tables'], parse: list },
  FICUS_CDC_SNAPSHOT_MODE: { path: ['snapshot', 'mode'], parse: String },
  FICUS_CDC_TRANSPORT: { path: ['transport', 'kind'], parse: String },
  FICUS_CDC_KAFKA_BROKERS: { path: ['transport', 'brokers'], parse: list },
  FICUS_CDC_JSONL_PATH: { path: ['transport', 'path'], parse: String },
  FICUS_CDC_OFFSETS_STORE: { path: ['offsets', 'store'], parse: String },
  FICUS_CDC_OFFSETS_DATABASE: { path: ['offsets', 'database'], parse: String },
  FICUS_CDC_OFFSETS_PATH: { path: ['offsets', 'path'], parse: String },
  FICUS_CDC_HEARTBEAT_MS: { path: ['heartbeat', 'intervalMs'], parse: Number },
  FICUS_CDC_DLQ_TOPIC: { path: ['deadLetterTopic'], parse: String },
  FICUS_CDC_SIGNAL_TABLE: { path: ['signalTable'], parse: String },
  FICUS_CDC_HTTP_PORT: { path: ['http', 'port'], parse: Number },
};

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Zod says what is wrong; this adds how to fix the keys people get wrong most. */
function fixFor(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.');
  if (key === 'snapshot.mode') return `use one of ${SNAPSHOT_MODES.join(', ')}`;
  if (key.startsWith('transport'))
    return 'use transport: { kind: kafka, brokers: [host:port] }, { kind: jsonl, path: - | <file> } or { kind: embedded }';
  if (key.startsWith('offsets'))
    return 'use offsets: { store: mysql, database: <db> } or { store: file, path: <file> }';
  if (key === 'source.serverId')
    return "pick a replica id unused by the server and its replicas (not the server's own server_id)";
  if (issue.code === 'unrecognized_keys') return 'remove it or check its spelling';
  return 'see docs/cdc.md for the configuration keys';
}

/** Validates once into a typed object; every problem is listed with its key and its fix. */
export function validateConnectorConfig(input: unknown, origin: string): ConnectorConfig {
  const parsed = connectorConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `  ${i.path.join('.') || '(root)'}: ${i.message}; ${fixFor(i)}`,
    );
    throw new ConfigError(
      'FICUS_CDC_CONFIG_INVALID',
      `the CDC connector configuration in ${origin} is invalid:\n${problems.join('\n')}`,
    );
  }
  const config = parsed.data;
  return {
    ...config,
    deadLetterTopic: config.deadLetterTopic ?? `__ficus-dlq.${config.serverName}`,
  };
}

function readFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'FICUS_CDC_CONFIG_UNREADABLE',
      `cannot read the connector configuration file ${file} (${errorMessage(err)}); ` +
        'pass an existing YAML or JSON file with --config or FICUS_CDC_CONFIG',
      { cause: err },
    );
  }
  try {
    const doc: unknown = parseYaml(text);
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  } catch (err) {
    throw new ConfigError(
      'FICUS_CDC_CONFIG_SYNTAX',
      `${file} is not valid YAML or JSON: ${errorMessage(err)}`,
      { cause: err },
    );
  }
}

/** Reads the file (YAML or JSON: JSON is YAML), applies FICUS_CDC_* overrides, validates. */
export function loadConnectorConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConnectorConfig {
  const raw: Record<string, unknown> = file ? readFile(file) : {};
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setIn(raw, spec.path, spec.parse(value));
  }
  const origin = file ? `${file} (with FICUS_CDC_* overrides)` : 'the FICUS_CDC_* environment';
  return validateConnectorConfig(raw, origin);
}
