import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eTagOf, versionOfETag } from './fhir-http';

describe('FHIR version ETags', () => {
  it('reads the versionId from If-Match in its weak, quoted or bare forms', () => {
    assert.equal(eTagOf(3), 'W/"3"');
    for (const [tag, version] of [
      ['W/"3"', 3],
      ['"3"', 3],
      ['3', 3],
      [' W/"12" ', 12],
      ['W/"0"', undefined],
      ['*', undefined],
      ['W/"abc"', undefined],
    ] as const) {
      assert.equal(versionOfETag(tag), version, tag);
    }
  });
});
