import { z } from 'zod';
import { adminSchema, controlSchema } from './admin.schema';
import { DEFAULT_PROGRESS, progressSchema } from './progress.schema';
import { gatesSchema } from './gates.schema';
import { schedulesSchema } from './schedule.schema';

export const ROUTE_MODES = ['legacy', 'shadow', 'canary', 'new', 'retired'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const upstreamUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a URL; write it as http://host:port`,
    });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" uses ${url.protocol}; an upstream must be http:// or https://`,
    });
  } else if (!url.hostname) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" has no host; write it as http://host:port`,
    });
  } else if (url.search || url.hash) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" has a query or fragment; an upstream is scheme://host:port[/base-path]`,
    });
  }
});

/**
 * When to stop sending to a failing upstream: after `consecutiveFailures` failures in a row, or when
 * at least `minRequests` of the last `windowRequests` outcomes fail at `errorRatio` or more. After
 * `coolDownMs` one probe request is let through (half-open) to decide whether it recovered.
 */
const circuitSchema = z.strictObject({
  consecutiveFailures: z.number().int().min(1).max(1000).default(5),
  errorRatio: z.number().gt(0).max(1).default(0.5),
  windowRequests: z.number().int().min(1).max(10_000).default(20),
  minRequests: z.number().int().min(1).max(10_000).default(10),
  coolDownMs: z.number().int().min(1).max(600_000).default(10_000),
});

const CIRCUIT_DEFAULTS = {
  consecutiveFailures: 5,
  errorRatio: 0.5,
  windowRequests: 20,
  minRequests: 10,
  coolDownMs: 10_000,
};

const upstreamSchema = z.strictObject({
  url: upstreamUrl,
  /** Upper bound on the time to the upstream's response head. */
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
  maxSockets: z.number().int().positive().max(10_000).default(256),
  circuit: circuitSchema.default(CIRCUIT_DEFAULTS),
});

const cohortKeySchema = z.union([
  z.strictObject({ header: z.string().min(1) }),
  z.strictObject({ cookie: z.string().min(1) }),
  z.strictObject({ jwtSubject: z.literal(true) }),
  z.strictObject({ pathParam: z.string().min(1) }),
]);

const groupSchema = z.strictObject({
  cohort: cohortKeySchema,
});

/** A size in bytes; 0 disables the feature that buffers (no copy is ever kept). */
const byteSize = (max: number) => z.number().int().min(0).max(max);

/**
 * Shadow copies of unsafe methods would write twice. `writes: true` is allowed only because the
 * copy carries `x-ficus-shadow: 1`, which the target must honour as a dry run (validate, answer,
 * commit nothing); a target that does not must keep the default.
 */
const shadowSchema = z.strictObject({
  writes: z.boolean().default(false),
  /**
   * A write's dry-run copy is sent, and answered, before legacy gets the request, so that the
   * target decides on the state legacy will (not on rows already holding legacy's write). This
   * delays each copied write by the target's answer, at most its timeoutMs. false sends it after
   * legacy's answer, like a read's: no delay, but the dry run sees legacy's write.
   */
  writesFirst: z.boolean().default(true),
  /** A request body larger than this is not copied: the request is served, the shadow skipped and counted. */
  maxBodyBytes: byteSize(16 * 1024 * 1024).default(64 * 1024),
  /**
   * Share of eligible requests copied (Envoy's runtime_fraction): a busy route can be compared on a
   * sample; the requests left out are counted as skipped, `not_sampled`.
   */
  sampleRate: z.number().min(0).max(1).default(1),
});

/** A JSON path in the subset the parity engine understands: $.a.b, $.items[*].c, $.items[0]. */
const jsonPath = z
  .string()
  .regex(
    /^\$(\.[A-Za-z0-9_$-]+|\[(\*|\d+)\])*$/,
    'a parity ignore rule is a JSON path such as $.meta.generatedAt or $.items[*].updatedAt',
  );

const paritySchema = z.strictObject({
  /** Response fields that legitimately differ between legacy and new; ignored with their subtree. */
  ignore: z.array(jsonPath).default([]),
  /** Response headers compared, besides the status. */
  headers: z.array(z.string().min(1).toLowerCase()).default(['content-type']),
  /** Bodies larger than this are not compared (the comparison is counted as skipped). */
  maxBodyBytes: byteSize(16 * 1024 * 1024).default(1024 * 1024),
  /**
   * Share of comparisons that found a difference (safe methods) for which legacy is asked again, to
   * learn which fields are noise. Comparisons that match never ask it again.
   */
  noiseSampleRate: z.number().min(0).max(1).default(0.1),
  /** The first differing comparisons of a route always ask, so reports are clean from the start. */
  noiseWarmup: z.number().int().min(0).max(10_000).default(10),
});

/** "60s", "5m", "500ms" or a number of milliseconds. */
const DURATION_HINT = 'a duration is a number of milliseconds or a string like 500ms, 60s, 5m';
const duration = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .regex(
        /^\d+(ms|s|m)$/,
        'a duration is a number of milliseconds or a string like 500ms, 60s, 5m',
      )
      .transform((v) => {
        const n = Number.parseInt(v, 10);
        return v.endsWith('ms') ? n : v.endsWith('s') ? n * 1000 : n * 60_000;
      }),
  ],
  { error: DURATION_HINT },
);

/** Service-level objectives watched while a route is in shadow, canary or new; a breach rolls back. */
const sloSchema = z.strictObject({
  maxErrorRate: z.number().min(0).max(1).optional(),
  maxP99Ms: z.number().positive().optional(),
  minParityRate: z.number().min(0).max(1).optional(),
  window: duration.default(60_000),
  minRequests: z.number().int().min(1).default(20),
});

/** Idempotent requests whose body is at most `maxBodyBytes` are replayed to legacy when the service fails. */
const failOpenSchema = z.strictObject({
  enabled: z.boolean().default(true),
  maxBodyBytes: byteSize(16 * 1024 * 1024).default(64 * 1024),
});

const limitsSchema = z
  .strictObject({
    /** Larger request bodies are answered 413 before (Content-Length) or while (chunked) they stream. */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** Time allowed to receive a request's headers (slowloris defence); Node answers 408. */
    headersTimeoutMs: z.number().int().positive().max(600_000).default(10_000),
    /** Time allowed to receive a whole request, body included; Node answers 408. */
    requestTimeoutMs: z.number().int().positive().max(3_600_000).default(60_000),
    /**
     * Event-loop utilisation above which shadow copies yield to client traffic: fewer are made in
     * proportion, down to 5% when saturated (skipped as `busy`). 1 never sheds.
     */
    shadowYieldAbove: z.number().min(0.5).max(1).default(0.8),
    /**
     * Request header lines allowed; more get 431 before anything is forwarded. Node's parser would
     * otherwise keep the first 1,000 or so and drop the rest without a word, framing headers
     * included. 100, as Apache's LimitRequestFields and HAProxy's tune.http.maxhdr (101).
     */
    maxHeaderCount: z.number().int().min(10).max(1000).default(100),
  })
  .refine((l) => l.headersTimeoutMs <= l.requestTimeoutMs, {
    message:
      'headersTimeoutMs must not exceed requestTimeoutMs (the headers are part of the request)',
    path: ['headersTimeoutMs'],
  });

/**
 * `{` and `}` are not allowed in a URI path (RFC 3986 section 3.3), so a pattern holding them
 * could only match a request no client sends: it is OpenAPI's template syntax, written by mistake.
 */
function templateProblem(path: string): string | undefined {
  if (!/[{}]/.test(path)) return undefined;
  const suggested = path.replace(/(?<=\/)\{([^/{}]+)\}(?=\/|$)/g, ':$1');
  return /[{}]/.test(suggested)
    ? `"${path}" uses OpenAPI's {param} template syntax inside a segment; a path parameter is a whole segment written as :name, as in /owners/:ownerId`
    : `"${path}" uses OpenAPI's {param} template syntax, which matches no request; write ${suggested}`;
}

const pathPattern = z
  .string()
  .regex(/^\/[^\s?#]*$/, 'a path pattern starts with "/" and has no spaces, "?" or "#"')
  .refine((p) => !/\*./.test(p), 'a "*" wildcard may only end a pattern, as in /api/files/*')
  .superRefine((p, ctx) => {
    const message = templateProblem(p);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });

/**
 * How request paths are compared with route paths. Paths are case-sensitive (RFC 3986 §6.2.2.1),
 * but some frameworks match without case (Express and NestJS by default, ASP.NET): in front of
 * one, `/API/PATIENTS/1` is served as `/api/patients/1`, so its routes must match it too.
 */
const matchingSchema = z.strictObject({
  caseInsensitive: z.boolean().default(false),
});

/** A literal path prefix: `/seg/seg`, no trailing slash, no parameter or wildcard. */
const pathPrefix = z
  .string()
  .regex(
    /^(\/[A-Za-z0-9\-._~!$&'()+,=@]+)+$/,
    'a path prefix is literal segments such as /petclinic/api, with no trailing "/", ":param" or "*"',
  );

/**
 * What the route's target is sent instead of the client's path prefix: `stripPrefix` is removed
 * (it must begin the route's path), then `addPrefix` is put in front. Legacy is always sent the
 * path as matched.
 */
const rewriteSchema = z
  .strictObject({
    stripPrefix: pathPrefix.optional(),
    addPrefix: pathPrefix.optional(),
  })
  .refine((r) => r.stripPrefix !== undefined || r.addPrefix !== undefined, {
    message: 'a rewrite needs stripPrefix, addPrefix or both',
  });

/** An Upgrade protocol name (RFC 9110 §7.8), without its version: websocket, h2c, x-echo. */
const upgradeProtocol = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, 'an upgrade protocol is a token such as websocket')
  .toLowerCase();

export const routeSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a route name is lower-case letters, digits, ".", "_" or "-"'),
  methods: z.array(z.enum(HTTP_METHODS)).min(1).optional(),
  path: pathPattern,
  host: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  group: z.string().optional(),
  mode: z.enum(ROUTE_MODES).default('legacy'),
  weight: z.number().int().min(0).max(100).default(0),
  /** The upstream that serves the route once carved out; legacy stays the default upstream. */
  target: z.string().optional(),
  /** The path the target is sent, when it does not live at the path clients use. */
  rewrite: rewriteSchema.optional(),
  /** Matches the path without regard to case; `matching.caseInsensitive` when left out. */
  caseInsensitive: z.boolean().optional(),
  /**
   * Upgrade protocols relayed for this route; any other Upgrade is ignored and the request served
   * as plain HTTP. `[websocket]` when left out.
   */
  upgrades: z.array(upgradeProtocol).optional(),
  /** The canary cohort key of a route outside any group (a group's key wins). */
  cohort: cohortKeySchema.optional(),
  shadow: shadowSchema.optional(),
  parity: paritySchema.optional(),
  slo: sloSchema.optional(),
  failOpen: failOpenSchema.optional(),
});

export const gatewayConfigSchema = z.strictObject({
  version: z.literal(1),
  listen: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
  admin: adminSchema.default({ host: '127.0.0.1', port: 8081 }),
  control: controlSchema.default({ pollMs: 1000 }),
  legacy: z.string().min(1).default('legacy'),
  upstreams: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), upstreamSchema),
  groups: z.record(z.string(), groupSchema).default({}),
  limits: limitsSchema.default({
    maxBodyBytes: 10 * 1024 * 1024,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    shadowYieldAbove: 0.8,
    maxHeaderCount: 100,
  }),
  matching: matchingSchema.default({ caseInsensitive: false }),
  routes: z.array(routeSchema).default([]),
  /** Migration gates per route or group (gates.schema.ts). */
  gates: gatesSchema.default({}),
  /** Strangling progress per endpoint and the retire check (progress.schema.ts). */
  progress: progressSchema.default(DEFAULT_PROGRESS),
  /** Automatic canary step schedules per route or group (schedule.schema.ts). */
  schedules: schedulesSchema.default({}),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
export type CohortKey = z.infer<typeof cohortKeySchema>;
export type ShadowConfig = z.infer<typeof shadowSchema>;
export type ParityConfig = z.infer<typeof paritySchema>;
export type SloConfig = z.infer<typeof sloSchema>;
export type FailOpenConfig = z.infer<typeof failOpenSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
export type MatchingConfig = z.infer<typeof matchingSchema>;
export type RewriteConfig = z.infer<typeof rewriteSchema>;
export type CircuitConfig = z.infer<typeof circuitSchema>;
