import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Appointment } from '@ficus/legacy-adapter';
import { VisitPastMidnightError } from './scheduling-errors';
import { assertWithinDay, findClash, overlaps } from './time-slot';

function visit(
  id: number,
  time: string,
  durationMinutes: number,
  status: Appointment['status'] = 'booked',
): Appointment {
  return {
    id,
    patientId: 1,
    practitionerId: 1,
    date: '2031-03-03',
    time,
    durationMinutes,
    status,
    reason: null,
    cancellationReason: null,
    createdAt: null,
    updatedAt: null,
  };
}

describe('time slots', () => {
  it('treats slots as half-open: back-to-back visits do not clash', () => {
    const nine = { start: 540, duration: 30 };
    assert.equal(overlaps(nine, { start: 570, duration: 30 }), false);
    assert.equal(overlaps(nine, { start: 510, duration: 30 }), false);
    assert.equal(overlaps(nine, { start: 555, duration: 5 }), true);
    assert.equal(overlaps(nine, { start: 500, duration: 120 }), true);
  });

  it('names the first clash by time, skipping cancelled visits and the visit being moved', () => {
    const day = [
      visit(9, '10:00', 30),
      visit(7, '09:10', 30, 'cancelled'),
      visit(8, '09:20', 30, 'noshow'),
    ];
    assert.equal(findClash({ start: 540, duration: 90 }, day, 0)?.id, 8);
    assert.equal(findClash({ start: 540, duration: 90 }, day, 8)?.id, 9);
    assert.equal(findClash({ start: 540, duration: 20 }, day, 0), undefined);
  });

  it('keeps a visit inside its day', () => {
    assert.doesNotThrow(() => assertWithinDay({ start: 1410, duration: 30 }));
    assert.throws(() => assertWithinDay({ start: 1410, duration: 31 }), VisitPastMidnightError);
  });
});
