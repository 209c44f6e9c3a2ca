import { z } from 'zod';

/** The control plane's own listener: never the data plane's port, so admin traffic is never proxied. */
export const adminSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  /** Static bearer token; at least 16 characters. Compared in constant time. */
  token: z.string().min(16, 'an admin token needs at least 16 characters').optional(),
});

/** Where replicas share the route table and the audit log. */
export const controlSchema = z.strictObject({
  databaseUrl: z.string().optional(),
  pollMs: z.number().int().min(100).max(60_000).default(1000),
});

export type AdminConfig = z.infer<typeof adminSchema>;
export type ControlConfig = z.infer<typeof controlSchema>;
