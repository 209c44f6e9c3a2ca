import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BearerToken } from './bearer-token';

describe('bearer token', () => {
  const token = new BearerToken('s3cret-admin-token-value');

  it('matches only the exact token, whatever the length presented', () => {
    assert.equal(token.matches('s3cret-admin-token-value'), true);
    assert.equal(token.matches('s3cret-admin-token-valuE'), false);
    assert.equal(token.matches(''), false);
    assert.equal(token.matches('s3cret-admin-token-value-and-more'), false);
  });
});
