import { z } from 'zod';
import { adminSchema, controlSchema } from './admin.schema';

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

const upstreamSchema = z.strictObject({
  url: upstreamUrl,
  /** Upper bound on the time to the upstream's response head. */
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
  maxSockets: z.number().int().positive().max(10_000).default(256),
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

const pathPattern = z
  .string()
  .regex(/^\/[^\s?#]*$/, 'a path pattern starts with "/" and has no spaces, "?" or "#"')
  .refine((p) => !/\*./.test(p), 'a "*" wildcard may only end a pattern, as in /api/files/*');

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
  routes: z.array(routeSchema).default([]),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
export type CohortKey = z.infer<typeof cohortKeySchema>;
