import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endsBeforeMidnight, findClash, overlaps } from './slot';

describe('appointment slots', () => {
  const nine = { start: 540, duration: 30 };

  it('treats slots as half-open: back-to-back visits do not clash', () => {
    assert.equal(overlaps(nine, { start: 570, duration: 30 }), false);
    assert.equal(overlaps(nine, { start: 510, duration: 30 }), false);
  });

  it('detects partial and enclosing overlaps', () => {
    assert.equal(overlaps(nine, { start: 555, duration: 30 }), true);
    assert.equal(overlaps(nine, { start: 545, duration: 5 }), true);
    assert.equal(overlaps(nine, { start: 500, duration: 120 }), true);
  });

  it('names the first taken slot that clashes', () => {
    const taken = [
      { id: 7, start: 480, duration: 30 },
      { id: 8, start: 560, duration: 15 },
    ];
    assert.equal(findClash(nine, taken), 8);
    assert.equal(findClash({ start: 600, duration: 30 }, taken), undefined);
  });

  it('keeps a visit inside its day', () => {
    assert.equal(endsBeforeMidnight({ start: 1410, duration: 30 }), true);
    assert.equal(endsBeforeMidnight({ start: 1410, duration: 31 }), false);
  });
});
