import { ConfigError } from '@ficus/core';
import type { AdminConfig } from '../../config/admin.schema';
import { AdminAuthError } from '../admin-errors';
import { BearerToken } from './bearer-token';
import { OidcVerifier } from './oidc-verifier';

/** The audit actor of changes made with the static admin token. */
export const TOKEN_ACTOR = 'admin-token';

const MIN_TOKEN_LENGTH = 16;

/** A compact JWS: three base64url parts. Anything else cannot be an OIDC token. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Turns an Authorization header into the actor of an admin call: the static token (admin.token or
 * FICUS_ADMIN_TOKEN) or an OIDC JWT, whichever is configured; both may be.
 */
export class AdminAuthenticator {
  private readonly token: BearerToken | undefined;
  private readonly oidc: OidcVerifier | undefined;

  constructor(config: Pick<AdminConfig, 'token' | 'oidc'>, env: NodeJS.ProcessEnv = process.env) {
    const token = config.token ?? (env.FICUS_ADMIN_TOKEN || undefined);
    if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigError(
        'FICUS_ADMIN_TOKEN_TOO_SHORT',
        `the admin token (admin.token or FICUS_ADMIN_TOKEN) has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH}, e.g. from \`openssl rand -hex 24\``,
      );
    }
    this.token = token ? new BearerToken(token) : undefined;
    this.oidc = config.oidc ? new OidcVerifier(config.oidc) : undefined;
  }

  /** False when neither a token nor OIDC is configured: then nothing may change routes. */
  get configured(): boolean {
    return this.token !== undefined || this.oidc !== undefined;
  }

  async actor(authorization: string | undefined): Promise<string> {
    if (!this.configured) {
      throw new AdminAuthError(
        'FICUS_ADMIN_AUTH_NOT_CONFIGURED',
        'the admin API has no credentials configured, so it refuses changes; set admin.token in the config file (or FICUS_ADMIN_TOKEN, at least 16 characters), or configure admin.oidc',
      );
    }
    const presented = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (presented === undefined) {
      throw new AdminAuthError(
        'FICUS_ADMIN_UNAUTHENTICATED',
        'send the admin token or an OIDC access token as "Authorization: Bearer <token>"',
      );
    }
    if (this.token?.matches(presented)) return TOKEN_ACTOR;
    if (this.oidc && JWT_SHAPE.test(presented)) return this.oidc.subject(presented);
    throw new AdminAuthError(
      'FICUS_ADMIN_TOKEN_INVALID',
      'the bearer token is not the admin token',
      'invalid_token',
    );
  }
}
