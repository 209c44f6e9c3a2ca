import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../../config/admin.schema';
import { AdminAuthError, AdminError } from '../admin-errors';

/** Why a JWT was refused, in words an operator can act on; never the token itself. */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired; get a new one';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'the token was issued by another issuer than admin.oidc.issuer';
    if (err.claim === 'aud') return 'the token is for another audience than admin.oidc.audience';
    if (err.claim === 'nbf') return 'the token is not valid yet';
    return `the token's "${err.claim}" claim is missing or wrong`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm not in admin.oidc.algorithms';
  if (err instanceof errors.JWKSNoMatchingKey)
    return "the token's signing key (kid) is not in the provider's JWKS";
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is wrong';
  return 'the token is not a valid signed JWT';
}

/**
 * Verifies admin JWTs against an OIDC provider's JWKS (RFC 7517), following RFC 8725: an explicit
 * algorithm allow-list, issuer and audience checked, exp required, a small clock tolerance.
 */
export class OidcVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly config: OidcConfig) {
    // jose caches the key set and refetches it (at most every 30 s) when a token names an unknown kid.
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000 });
  }

  /** Returns the token's subject: the actor of the changes made with it. */
  async subject(token: string): Promise<string> {
    // jose checks that "sub" is present, not what it holds (its type for the payload is a promise,
    // not a check), and RFC 7519 section 4.1.2 lets a StringOrURI be empty. The subject is recorded
    // as the actor of every change: an audit entry must name someone.
    const sub: unknown = (await this.verify(token)).sub;
    if (typeof sub !== 'string' || sub.trim() === '') {
      throw new AdminAuthError(
        'FICUS_ADMIN_JWT_INVALID',
        `the token's "sub" claim is ${describe(sub)}; ` +
          'the subject is the actor recorded in the audit log, so it must be a non-empty string: have the identity provider put the user or client id there',
        'invalid_token',
      );
    }
    return sub;
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: this.config.clockToleranceSec,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (err) {
      if (
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        isFetchError(err)
      ) {
        throw new AdminError(
          503,
          'FICUS_ADMIN_JWKS_UNAVAILABLE',
          'could not fetch the signing keys from admin.oidc.jwksUrl; check that the identity provider is reachable',
          { retriable: true, cause: err },
        );
      }
      throw new AdminAuthError('FICUS_ADMIN_JWT_INVALID', reasonOf(err), 'invalid_token');
    }
  }
}

function isFetchError(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'fetch failed';
}

function describe(sub: unknown): string {
  if (typeof sub === 'string') return 'blank';
  if (sub === null) return 'null, not a string';
  if (Array.isArray(sub)) return 'an array, not a string';
  return `${typeof sub === 'object' ? 'an object' : `a ${typeof sub}`}, not a string`;
}
