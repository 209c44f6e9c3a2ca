import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packAddress, unpackAddress } from './address';

describe('packed addresses', () => {
  it("packs the five parts as 'line1|line2|city|state|zip'", () => {
    const packed = packAddress({
      line1: '12 Figtree St',
      line2: '',
      city: 'Rootford',
      state: 'OR',
      zip: '97000',
    });
    assert.equal(packed, '12 Figtree St||Rootford|OR|97000');
    assert.deepEqual(unpackAddress(packed), {
      line1: '12 Figtree St',
      line2: '',
      city: 'Rootford',
      state: 'OR',
      zip: '97000',
    });
  });

  it("stores no address as '' rather than '||||'", () => {
    assert.equal(packAddress({ line1: '', line2: '', city: '', state: '', zip: '' }), '');
  });

  it('reads short legacy values with the missing parts blank', () => {
    assert.deepEqual(unpackAddress('PO BOX 9|'), {
      line1: 'PO BOX 9',
      line2: '',
      city: '',
      state: '',
      zip: '',
    });
  });
});
