import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCents, parseCents } from './money';

describe('money', () => {
  it('reads amounts with up to 2 decimals as whole cents', () => {
    assert.equal(parseCents('12'), 1200n);
    assert.equal(parseCents('12.5'), 1250n);
    assert.equal(parseCents('0.07'), 7n);
    assert.equal(parseCents('-0.50'), -50n);
    assert.equal(parseCents('99999999.99'), 9_999_999_999n);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '1.234', '1e3', '.5', '5.', ' 5', '1,00', 'NaN', '0x10']) {
      assert.equal(parseCents(bad), null, bad);
    }
  });

  it('formats cents the way MariaDB prints a DECIMAL(10,2)', () => {
    assert.equal(formatCents(0n), '0.00');
    assert.equal(formatCents(7n), '0.07');
    assert.equal(formatCents(123456n), '1234.56');
    assert.equal(formatCents(-50n), '-0.50');
  });

  it('adds without binary floating-point error', () => {
    const sum = ['0.10', '0.20'].map((a) => parseCents(a) ?? 0n).reduce((x, y) => x + y, 0n);
    assert.equal(formatCents(sum), '0.30');
  });
});
