import { z } from 'zod';

/**
 * Signature algorithms an OIDC provider may use for admin tokens. Only asymmetric ones: a JWKS
 * publishes public keys, so an HS* "key" taken from it would let anyone who reads the JWKS mint
 * tokens (the classic RS/HS confusion, CVE-2016-10555); `none` is never accepted.
 */
export const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const httpUrl = (what: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${what} must be an http:// or https:// URL`,
  });

/** Admin callers authenticated by an OpenID Connect provider's signed JWTs (RFC 7519, RFC 8725). */
export const oidcSchema = z.strictObject({
  /** The `iss` every token must carry, exactly as the provider writes it. */
  issuer: z.string().min(1),
  /** The `aud` this gateway's admin API is known by at the provider. */
  audience: z.string().min(1),
  /** Where the provider publishes its signing keys (the `jwks_uri` of its discovery document). */
  jwksUrl: httpUrl('jwksUrl'),
  algorithms: z
    .array(
      z.enum(OIDC_ALGORITHMS, {
        error: `not an allowed algorithm; use asymmetric ones: ${OIDC_ALGORITHMS.join(', ')}`,
      }),
    )
    .min(1)
    .default(['RS256', 'ES256']),
  /** Leeway for exp/nbf/iat between this host's clock and the provider's. */
  clockToleranceSec: z.number().int().min(0).max(300).default(30),
});

/** The control plane's own listener: never the data plane's port, so admin traffic is never proxied. */
export const adminSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  /** Static bearer token; at least 16 characters. Compared in constant time. */
  token: z.string().min(16, 'an admin token needs at least 16 characters').optional(),
  oidc: oidcSchema.optional(),
  /**
   * Prometheus scrapers usually hold no token, so GET /metrics is open unless this is true.
   * Optional rather than defaulted: the parent schema's default object skips field defaults.
   */
  metricsAuth: z.boolean().optional(),
});

/** Where replicas share the route table and the audit log. */
export const controlSchema = z.strictObject({
  databaseUrl: z.string().optional(),
  pollMs: z.number().int().min(100).max(60_000).default(1000),
});

export type AdminConfig = z.infer<typeof adminSchema>;
export type OidcConfig = z.infer<typeof oidcSchema>;
export type ControlConfig = z.infer<typeof controlSchema>;
