import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminSchema } from './admin.schema';

const oidc = (algorithms: string[]) => ({
  oidc: {
    issuer: 'https://idp.test/',
    audience: 'ficus-admin',
    jwksUrl: 'https://idp.test/jwks.json',
    algorithms,
  },
});

describe('admin config', () => {
  it('accepts asymmetric OIDC algorithms and fills defaults', () => {
    const admin = adminSchema.parse(oidc(['RS256', 'ES256']));
    assert.equal(admin.port, 8081);
    assert.equal(admin.oidc?.clockToleranceSec, 30);
  });

  it('refuses "none" and HS* algorithms, which a public JWKS would make forgeable', () => {
    for (const alg of ['none', 'HS256', 'HS512']) {
      const parsed = adminSchema.safeParse(oidc([alg]));
      assert.equal(parsed.success, false, alg);
      assert.match(parsed.error?.issues[0]?.message ?? '', /asymmetric/);
    }
  });

  it('refuses a JWKS URL that is not http(s) and a short token', () => {
    assert.equal(adminSchema.safeParse({ ...oidc(['RS256']), token: 'short' }).success, false);
    const bad = { oidc: { ...oidc(['RS256']).oidc, jwksUrl: 'file:///etc/keys' } };
    assert.equal(adminSchema.safeParse(bad).success, false);
  });
});
