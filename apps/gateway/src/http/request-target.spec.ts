import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidAuthority, needsNormalising, normaliseTarget } from './request-target';

describe('request target', () => {
  it('lets a plain path through without normalising it', () => {
    for (const url of [
      '/',
      '/api/patients/1',
      '/api/patients/1?x=%2e%2e/..//#',
      '/.well-known/openid-configuration',
      '/a/..b/c.d/...',
      '/files/v1.2/',
    ])
      assert.equal(needsNormalising(url), false, url);
  });

  it('flags every spelling the route table would read differently', () => {
    for (const url of [
      'http://h/a',
      '*',
      '/a/%61',
      '/a\\b',
      '/a;x/b',
      '/a#b',
      '//a',
      '/a//b',
      '/./a',
      '/a/.',
      '/a/..',
      '/a/../b',
      '/a/.?x',
      '/a/..?x',
    ])
      assert.equal(needsNormalising(url), true, url);
  });

  it('normalises as RFC 3986 §6.2.2 and §5.2.4 say, the query untouched', () => {
    const cases: Array<[string, string, string]> = [
      ['/a/./b/../c/', '/a/c/', '/a/c/'],
      ['/a/b/..', '/a/', '/a/'],
      ['/a/..', '/', '/'],
      ['//a///b?q=/../%2F', '/a/b?q=/../%2F', '/a/b'],
      ['/%7Euser/%c3%a9%3b', '/~user/%C3%A9%3B', '/~user/%C3%A9%3B'],
      ['/a;jsessionid=1/b;v=2', '/a;jsessionid=1/b;v=2', '/a/b'],
      ['/;x/b', '/;x/b', '/b'],
      ['/a/%2E%2e/b', '/b', '/b'],
    ];
    for (const [raw, url, matchPath] of cases) {
      const target = normaliseTarget(raw, 'GET');
      assert.deepEqual(target, { url, matchPath, authority: undefined }, raw);
    }
  });

  it('turns an absolute-form target into origin-form and an authority', () => {
    assert.deepEqual(normaliseTarget('HTTPS://Clinic.example:8443/a/../b?x=1', 'GET'), {
      url: '/b?x=1',
      matchPath: '/b',
      authority: 'Clinic.example:8443',
    });
    assert.deepEqual(normaliseTarget('http://[::1]', 'GET'), {
      url: '/',
      matchPath: '/',
      authority: '[::1]',
    });
  });

  it('refuses what no normalisation makes unambiguous', () => {
    for (const raw of [
      '/a%2fb',
      '/a%5Cb',
      '/a\\b',
      '/..',
      '/a/../../b',
      '/a/..;/b',
      '/a/%2e;x/b',
      '/a#b',
      '/%',
      '/%4',
      '/%g0',
      'http://u:p@h/a',
      'http:///a',
      'ws://h/a',
      'a/b',
    ])
      assert.equal(typeof normaliseTarget(raw, 'GET'), 'string', raw);
    assert.equal(typeof normaliseTarget('*', 'GET'), 'string');
    assert.deepEqual(normaliseTarget('*', 'OPTIONS'), {
      url: '*',
      matchPath: '*',
      authority: undefined,
    });
  });

  it('accepts a Host that is host[:port] and nothing else', () => {
    for (const host of ['', 'a', 'a.b:80', '127.0.0.1:8080', '[::1]', '[::1]:443', 'a%20b'])
      assert.equal(isValidAuthority(host), true, host);
    for (const host of ['a b', 'a/b', 'u@h', 'h:p', '[::1]x', 'a[::1]', 'h:80:80'])
      assert.equal(isValidAuthority(host), false, host);
  });
});
