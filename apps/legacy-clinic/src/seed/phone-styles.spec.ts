import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPhone, PHONE_STYLES, randomPhone } from './phone-styles';
import { SeededRandom } from './prng';

describe('phone styles', () => {
  const number = { area: '503', line: '0142', extension: '12' };

  it('writes one fictional number in every style a receptionist used', () => {
    assert.deepEqual(
      PHONE_STYLES.map((style) => formatPhone(style, number)),
      [
        '(503) 555-0142',
        '503.555.0142',
        '503-555-0142',
        '+1 503 555 0142 x12',
        '5035550142',
        '555-0142',
        '',
      ],
    );
  });

  it('keeps every generated number in the fictional 555-01xx range', () => {
    const rng = new SeededRandom(11);
    for (let i = 0; i < 2000; i++) {
      const phone = randomPhone(rng);
      const digits = phone.replace(/x\d+$/, '').replace(/\D/g, '');
      assert.ok(phone === '' || /55501\d\d$/.test(digits), phone);
    }
  });
});
