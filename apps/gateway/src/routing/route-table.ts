import type { IncomingHttpHeaders } from 'node:http';
import type { CohortKey, MatchingConfig, RouteConfig } from '../config/config.schema';
import {
  compareSpecificity,
  compilePattern,
  matchSegments,
  splitPath,
  type PathPattern,
} from './path-pattern';
import type { RouteInstruments } from '../metrics/route-instruments';
import { cohortKeyOf, type RouteContext } from './route-rules';

export interface CompiledRoute {
  config: RouteConfig;
  pattern: PathPattern;
  methods: ReadonlySet<string> | undefined;
  host: string | undefined;
  headers: ReadonlyArray<readonly [string, string]>;
  /** The canary split key (the group's, else the route's) and the salt its buckets are hashed with. */
  cohort: CohortKey | undefined;
  cohortSalt: string;
  /** The route's metric label children, bound once here so requests only index into them. */
  instruments: RouteInstruments | undefined;
  /** Static segments compared without case (the pattern's are lower-cased here). */
  caseInsensitive: boolean;
  /** Upgrade protocols relayed (lower-case names). */
  upgrades: ReadonlySet<string>;
  /** The target's path rewrite: the first `segments` segments replaced by `add`. */
  rewrite: { segments: number; add: string } | undefined;
}

/** The upgrade a route relays when it names none: WebSocket, the one Upgrade browsers use. */
export const DEFAULT_UPGRADES: ReadonlySet<string> = new Set(['websocket']);

export type TableContext = RouteContext & { matching?: MatchingConfig };

export interface RouteMatch {
  route: CompiledRoute;
  /** The request path's segments, for extracting parameters only when a caller needs them. */
  parts: string[];
}

function compile(
  config: RouteConfig,
  ctx: TableContext,
  instrument?: (route: string) => RouteInstruments,
): CompiledRoute {
  const caseInsensitive = config.caseInsensitive ?? ctx.matching?.caseInsensitive ?? false;
  const { rewrite } = config;
  return {
    config,
    pattern: compilePattern(config.path, caseInsensitive),
    methods: config.methods ? new Set(config.methods) : undefined,
    host: config.host?.toLowerCase(),
    headers: Object.entries(config.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const),
    cohort: cohortKeyOf(config, ctx),
    cohortSalt: config.group !== undefined ? `group:${config.group}` : `route:${config.name}`,
    instruments: instrument?.(config.name),
    caseInsensitive,
    upgrades: config.upgrades ? new Set(config.upgrades) : DEFAULT_UPGRADES,
    rewrite: rewrite && {
      segments: rewrite.stripPrefix ? splitPath(rewrite.stripPrefix).length : 0,
      add: rewrite.addPrefix ?? '',
    },
  };
}

/** Most specific first: path shape, then host, then header conditions, then an explicit method list. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  return (
    compareSpecificity(a.pattern, b.pattern) ||
    Number(b.host !== undefined) - Number(a.host !== undefined) ||
    b.headers.length - a.headers.length ||
    Number(b.methods !== undefined) - Number(a.methods !== undefined)
  );
}

function hostOf(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (!host) return undefined;
  const colon = host.lastIndexOf(':');
  return (colon > host.lastIndexOf(']') ? host.slice(0, colon) : host).toLowerCase();
}

/**
 * An immutable, pre-sorted route list. Built once per configuration change and swapped atomically,
 * so a request in flight keeps the table it started with.
 */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(
    routes: readonly RouteConfig[],
    ctx: TableContext = { upstreams: {}, groups: {} },
    instrument?: (route: string) => RouteInstruments,
  ) {
    this.routes = routes.map((r) => compile(r, ctx, instrument)).sort(bySpecificity);
  }

  get size(): number {
    return this.routes.length;
  }

  /**
   * `rawUrl` is an origin-form target, normalised (see http/request-target.ts); a query is ignored.
   * A GET route matches HEAD too: HEAD is GET without the content (RFC 9110 §9.3.2), and servers
   * (Express, Spring, NestJS) answer it with their GET handler, so it must meet the same route.
   */
  match(method: string, rawUrl: string, headers: IncomingHttpHeaders): RouteMatch | undefined {
    const q = rawUrl.indexOf('?');
    const parts = splitPath(q === -1 ? rawUrl : rawUrl.slice(0, q));
    let host: string | undefined | null = null;
    for (const route of this.routes) {
      if (
        route.methods &&
        !route.methods.has(method) &&
        !(method === 'HEAD' && route.methods.has('GET'))
      )
        continue;
      if (!matchSegments(route.pattern, parts, route.caseInsensitive)) continue;
      if (route.host !== undefined) {
        if (host === null) host = hostOf(headers);
        if (route.host !== host) continue;
      }
      if (route.headers.length && !route.headers.every(([k, v]) => headers[k] === v)) continue;
      return { route, parts };
    }
    return undefined;
  }
}
