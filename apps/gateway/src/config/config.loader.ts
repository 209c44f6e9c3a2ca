import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '@ficus/core';
import { GatewayConfigError, type ConfigProblem } from './config-error';
import { gatewayConfigSchema, ROUTE_MODES, type GatewayConfig } from './config.schema';
import { routeKey } from '../routing/route-key';
import { routeProblems } from '../routing/route-rules';

type Path = ReadonlyArray<PropertyKey>;

function formatPath(path: Path): string {
  return path.reduce<string>(
    (acc, seg) =>
      typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg),
    '',
  );
}

/** Line of the deepest node of `path` that exists in the document (a missing key points at its parent). */
function locate(doc: Document, lines: LineCounter, path: Path): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Zod says what is wrong; these say how to fix it. */
function hint(issue: z.core.$ZodIssue): string {
  const last = issue.path[issue.path.length - 1];
  if (last === 'mode') return `unknown mode; use one of ${ROUTE_MODES.join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `${issue.message}; remove it or check its spelling`;
  return issue.message;
}

function crossChecks(config: GatewayConfig): Array<{ path: Path; message: string }> {
  const problems: Array<{ path: Path; message: string }> = [];
  const upstreams = Object.keys(config.upstreams);
  if (!config.upstreams[config.legacy]) {
    problems.push({
      path: ['legacy'],
      message: `names upstream "${config.legacy}", which is not defined; define it under upstreams or use one of: ${upstreams.join(', ') || '(none)'}`,
    });
  }
  config.routes.forEach((route, i) => {
    for (const p of routeProblems(route, config))
      problems.push({ path: ['routes', i, p.field], message: p.message });
  });
  problems.push(...keyProblems(config, 'gates'), ...keyProblems(config, 'schedules'));
  return problems;
}

/** A gate set or schedule under a name that is neither a route nor a group would hold nothing, silently. */
function keyProblems(
  config: GatewayConfig,
  section: 'gates' | 'schedules',
): Array<{ path: Path; message: string }> {
  const names = new Set([...config.routes.map((r) => r.name), ...Object.keys(config.groups)]);
  return Object.keys(config[section])
    .filter((key) => !names.has(key))
    .map((key) => ({
      path: [section, key],
      message: `"${key}" is neither a route nor a group; ${section} are declared under a route name or a group name`,
    }));
}

function duplicateRoutes(
  config: GatewayConfig,
  where: (path: Path) => { line: number },
): Array<{ path: Path; message: string }> {
  const seen = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const problems: Array<{ path: Path; message: string }> = [];
  config.routes.forEach((route, i) => {
    const firstName = seenNames.get(route.name);
    if (firstName !== undefined) {
      problems.push({
        path: ['routes', i, 'name'],
        message: `route name "${route.name}" is already used at line ${where(['routes', firstName]).line}; names must be unique`,
      });
    } else seenNames.set(route.name, i);
    for (const key of routeKey(route)) {
      const first = seen.get(key);
      if (first !== undefined && first !== i) {
        problems.push({
          path: ['routes', i],
          message: `route "${key}" is defined twice, here and at line ${where(['routes', first]).line}; remove one or make their methods, host or headers differ`,
        });
        break;
      }
      seen.set(key, i);
    }
  });
  return problems;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * `${NAME}` and `${NAME:-default}` take values from the environment, so one file serves every
 * machine; a reference with no value and no default is an error at its line, never an empty string.
 */
export function interpolateEnv(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const problems: ConfigProblem[] = [];
  const out = text.split('\n').map((line, i) =>
    line.replace(ENV_REF, (ref: string, name: string, fallback: string | undefined) => {
      const value = env[name] ?? fallback;
      if (value === undefined) {
        problems.push({
          line: i + 1,
          column: line.indexOf(ref) + 1,
          at: '',
          message: `environment variable ${name} is not set; set it or write \${${name}:-default}`,
        });
        return ref;
      }
      return value;
    }),
  );
  if (problems.length) throw new GatewayConfigError('FICUS_CONFIG_ENV', file, problems);
  return out.join('\n');
}

/** Parses and validates a gateway config; throws GatewayConfigError listing every problem with its line. */
export function parseGatewayConfig(
  rawText: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const text = interpolateEnv(rawText, file, env);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new GatewayConfigError(
      'FICUS_CONFIG_SYNTAX',
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return {
          line: pos.line,
          column: pos.col,
          at: '',
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const toProblem = (path: Path, message: string): ConfigProblem => ({
    ...locate(doc, lines, path),
    at: formatPath(path),
    message,
  });
  const parsed = gatewayConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new GatewayConfigError(
      'FICUS_CONFIG_INVALID',
      file,
      parsed.error.issues.map((issue) =>
        // An unknown key is pointed at itself, not at the object holding it.
        toProblem(
          issue.code === 'unrecognized_keys' && issue.keys.length === 1
            ? [...issue.path, issue.keys[0]!]
            : issue.path,
          hint(issue),
        ),
      ),
    );
  }
  const where = (path: Path) => locate(doc, lines, path);
  const dupes = duplicateRoutes(parsed.data, where);
  if (dupes.length)
    throw new GatewayConfigError(
      'FICUS_ROUTE_CONFLICT',
      file,
      dupes.map((p) => toProblem(p.path, p.message)),
    );
  const cross = crossChecks(parsed.data);
  if (cross.length)
    throw new GatewayConfigError(
      'FICUS_CONFIG_INVALID',
      file,
      cross.map((p) => toProblem(p.path, p.message)),
    );
  return parsed.data;
}

export function loadGatewayConfig(file: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'FICUS_CONFIG_UNREADABLE',
      `cannot read ${file}: ${(err as Error).message}; pass the path with --config or FICUS_CONFIG`,
      { cause: err },
    );
  }
  return parseGatewayConfig(text, file);
}
