import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, splitPath } from './path-pattern';
import { cohortBucket, cohortKeyValue, hash32, inCanary } from './cohort';

const jwt = (payload: object) =>
  `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('cohort hashing', () => {
  it('is stable across processes and releases (pinned values)', () => {
    // Changing these moves live users between legacy and new: never do it on purpose.
    assert.equal(hash32(''), 2872998923);
    assert.equal(hash32('user-1'), 2005895916);
    assert.equal(cohortBucket('group:patients', 'user-1'), 90);
    assert.equal(cohortBucket('route:x', 'a'), 70);
  });

  it('spreads keys evenly over 100 buckets', () => {
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) counts[cohortBucket('group:g', `user-${i}`)]!++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, `a bucket holds ${c} of ~1000`);
  });

  it('salts by group, so two groups pick different cohorts', () => {
    let same = 0;
    for (let i = 0; i < 1000; i++)
      if (
        inCanary(cohortBucket('group:a', `u${i}`), 10) ===
        inCanary(cohortBucket('group:b', `u${i}`), 10)
      )
        same++;
    assert.ok(same < 900, 'the groups share their canary cohort');
  });

  it('only ever adds cohorts as the weight rises', () => {
    for (let i = 0; i < 2000; i++) {
      const bucket = cohortBucket('group:g', `k${i}`);
      let wasNew = false;
      for (let w = 0; w <= 100; w += 5) {
        const isNew = inCanary(bucket, w);
        assert.ok(!(wasNew && !isNew), 'a cohort moved back to legacy');
        wasNew = isNew;
      }
      assert.equal(inCanary(bucket, 0), false);
      assert.equal(inCanary(bucket, 100), true);
    }
  });
});

describe('cohort keys', () => {
  const pattern = compilePattern('/api/clinics/:clinic/patients');
  const parts = splitPath('/api/clinics/c%2042/patients');
  const key = (k: Parameters<typeof cohortKeyValue>[0], headers = {}) =>
    cohortKeyValue(k, headers, pattern, parts);

  it('reads a header, a cookie, a JWT subject and a path parameter', () => {
    assert.equal(key({ header: 'X-User' }, { 'x-user': 'u1' }), 'u1');
    assert.equal(key({ cookie: 'sid' }, { cookie: 'a=1; sid=abc ; b=2' }), 'abc');
    assert.equal(
      key({ jwtSubject: true }, { authorization: `Bearer ${jwt({ sub: 'p-9' })}` }),
      'p-9',
    );
    assert.equal(key({ pathParam: 'clinic' }), 'c 42');
  });

  it('has no key when it is absent, empty or unreadable', () => {
    assert.equal(key({ header: 'x-user' }), undefined);
    assert.equal(key({ header: 'x-user' }, { 'x-user': '' }), undefined);
    assert.equal(key({ cookie: 'sid' }, { cookie: 'sidx=1' }), undefined);
    assert.equal(key({ jwtSubject: true }, { authorization: 'Bearer x.y' }), undefined);
    assert.equal(
      key({ jwtSubject: true }, { authorization: `Bearer ${jwt({ sub: 7 })}` }),
      undefined,
    );
    assert.equal(key({ jwtSubject: true }, { authorization: 'Basic dTpw' }), undefined);
    assert.equal(key({ pathParam: 'nope' }), undefined);
  });
});
