import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer } from './admin.fixtures';

const ISSUER = 'https://idp.clinic.test/';
const AUDIENCE = 'ficus-admin';

describe('admin API authentication', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let jwks: TestUpstream;
  const gateways: RunningGateway[] = [];
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
  let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };

  const adminOf = async (admin: Record<string, unknown>): Promise<string> => {
    const config = adminTestConfig(
      { legacy: legacy.url, patients: service.url },
      { admin: { port: 0, ...admin } },
    );
    const gateway = await startGateway({ config, port: 0, admin: {}, env: {} });
    gateways.push(gateway);
    return `http://127.0.0.1:${gateway.admin!.port}`;
  };

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('patients');
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    stranger = await generateKeyPair('RS256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = await startTestUpstream('jwks', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
  });

  after(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all([legacy.close(), service.close(), jwks.close()]);
  });

  describe('without any credentials configured', () => {
    let admin: string;
    before(async () => {
      admin = await adminOf({ token: undefined });
    });

    it('lets reads through', async () => {
      await request(admin).get('/admin/routes').expect(200);
    });

    it('refuses changes with a 401 problem saying how to configure credentials', async () => {
      const res = await request(admin)
        .put('/admin/routes/patients-read/mode')
        .send({ mode: 'shadow' })
        .expect(401);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, 'FICUS_ADMIN_AUTH_NOT_CONFIGURED');
      assert.match(res.body.detail, /admin\.token/);
      assert.match(res.body.detail, /FICUS_ADMIN_TOKEN/);
      assert.match(res.body.detail, /admin\.oidc/);
    });
  });

  describe('with a static token', () => {
    let admin: string;
    before(async () => {
      admin = await adminOf({ token: ADMIN_TOKEN });
    });

    it('answers 401 with a bearer challenge when no token is sent', async () => {
      const res = await request(admin).get('/admin/routes').expect(401);
      assert.equal(res.body.code, 'FICUS_ADMIN_UNAUTHENTICATED');
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="ficus-admin"');
    });

    it('answers 401 to a wrong token, even one of the same length', async () => {
      const wrong = ADMIN_TOKEN.replace(/.$/, 'X');
      for (const token of [wrong, 'short', `${ADMIN_TOKEN}-longer`]) {
        const res = await request(admin)
          .put('/admin/routes/patients-read/mode')
          .set(bearer(token))
          .send({ mode: 'shadow' })
          .expect(401);
        assert.equal(res.body.code, 'FICUS_ADMIN_TOKEN_INVALID');
        assert.match(res.headers['www-authenticate'] ?? '', /error="invalid_token"/);
      }
      const route = await request(admin)
        .get('/admin/routes/patients-read')
        .set(bearer(ADMIN_TOKEN))
        .expect(200);
      assert.equal(route.body.mode, 'legacy');
    });

    it('accepts the right token and records it as the actor', async () => {
      const res = await request(admin)
        .put('/admin/routes/patients-read/mode')
        .set(bearer(ADMIN_TOKEN))
        .send({ mode: 'shadow' })
        .expect(200);
      assert.equal(res.body.audit.actor, 'admin-token');
    });

    it('leaves health, readiness, metrics and the dashboard shell open', async () => {
      for (const path of [
        '/health',
        '/ready',
        '/metrics',
        '/admin/dashboard',
        '/admin/openapi.json',
      ])
        await request(admin).get(path).expect(200);
    });

    it('takes the token from FICUS_ADMIN_TOKEN when the file has none', async () => {
      const config = adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        { admin: { port: 0 } },
      );
      const gateway = await startGateway({
        config,
        port: 0,
        admin: {},
        env: { FICUS_ADMIN_TOKEN: 'from-the-environment-0001' },
      });
      gateways.push(gateway);
      const url = `http://127.0.0.1:${gateway.admin!.port}`;
      await request(url).get('/admin/routes').expect(401);
      await request(url).get('/admin/routes').set(bearer('from-the-environment-0001')).expect(200);
    });

    it('requires credentials on /metrics when admin.metricsAuth is set', async () => {
      const url = await adminOf({ token: ADMIN_TOKEN, metricsAuth: true });
      await request(url).get('/metrics').expect(401);
      await request(url).get('/metrics').set(bearer(ADMIN_TOKEN)).expect(200);
    });
  });

  describe('with OIDC', () => {
    let admin: string;
    const sign = (
      key: CryptoKey,
      kid: string,
      claims: { iss?: string; aud?: string; exp?: number | string; sub?: string } = {},
      alg = 'RS256',
    ) =>
      new SignJWT({})
        .setProtectedHeader({ alg, kid })
        .setIssuer(claims.iss ?? ISSUER)
        .setAudience(claims.aud ?? AUDIENCE)
        .setSubject(claims.sub ?? 'alice@clinic.test')
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? '5m')
        .sign(key);
    const denied = async (token: string, reason: RegExp) => {
      const res = await request(admin)
        .put('/admin/routes/patients-search/mode')
        .set(bearer(token))
        .send({ mode: 'shadow' })
        .expect(401);
      assert.equal(res.body.code, 'FICUS_ADMIN_JWT_INVALID');
      assert.match(res.body.detail, reason);
    };

    before(async () => {
      admin = await adminOf({
        token: undefined,
        oidc: {
          issuer: ISSUER,
          audience: AUDIENCE,
          jwksUrl: `${jwks.url}/jwks.json`,
          algorithms: ['RS256'],
        },
      });
    });

    it('accepts a valid token and audits its subject as the actor', async () => {
      const token = await sign(rsa.privateKey, 'rsa-1');
      const res = await request(admin)
        .put('/admin/routes/patients-search/mode')
        .set(bearer(token))
        .send({ mode: 'shadow', reason: 'oidc' })
        .expect(200);
      assert.equal(res.body.audit.actor, 'alice@clinic.test');
      const audit = await request(admin).get('/admin/audit?limit=1').set(bearer(token)).expect(200);
      assert.equal(audit.body.entries[0].actor, 'alice@clinic.test');
    });

    it('refuses an expired token', async () => {
      await denied(
        await sign(rsa.privateKey, 'rsa-1', { exp: Math.floor(Date.now() / 1000) - 3600 }),
        /expired/,
      );
    });

    it('refuses a token for another audience', async () => {
      await denied(await sign(rsa.privateKey, 'rsa-1', { aud: 'billing' }), /audience/);
    });

    it('refuses a token from another issuer', async () => {
      await denied(await sign(rsa.privateKey, 'rsa-1', { iss: 'https://evil.test/' }), /issuer/);
    });

    it('refuses an algorithm outside the allow-list, even with a key from the JWKS', async () => {
      await denied(await sign(ec.privateKey, 'ec-1', {}, 'ES256'), /algorithm/);
    });

    it('refuses an HS256 token whatever its secret', async () => {
      const secret = new TextEncoder().encode('a-shared-secret-of-enough-length!!');
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('mallory')
        .setExpirationTime('5m')
        .sign(secret);
      await denied(token, /algorithm/);
    });

    it('refuses a token signed by a key the JWKS does not hold', async () => {
      await denied(await sign(stranger.privateKey, 'unknown-kid'), /kid/);
    });

    it('refuses a token whose signature does not match its kid', async () => {
      await denied(await sign(stranger.privateKey, 'rsa-1'), /signature/);
    });

    it('refuses a token without a subject', async () => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(rsa.privateKey);
      await denied(token, /"sub"/);
    });

    it('refuses a signed token whose subject is blank or not a string, and audits nothing', async () => {
      const before = await request(admin)
        .get('/admin/audit')
        .set(bearer(await sign(rsa.privateKey, 'rsa-1')))
        .expect(200);
      for (const [sub, reason] of [
        ['', /"sub" claim is blank/],
        ['   ', /"sub" claim is blank/],
        [42, /"sub" claim is a number, not a string/],
        [null, /"sub" claim is null, not a string/],
        [['alice'], /"sub" claim is an array, not a string/],
        [{ id: 'alice' }, /"sub" claim is an object, not a string/],
      ] as const) {
        const token = await new SignJWT({ sub } as Record<string, unknown>)
          .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('5m')
          .sign(rsa.privateKey);
        await denied(token, reason);
        await denied(token, /non-empty string/);
      }
      const token = await sign(rsa.privateKey, 'rsa-1');
      const after = await request(admin).get('/admin/audit').set(bearer(token)).expect(200);
      assert.deepEqual(after.body.entries, before.body.entries);
    });
  });
});
