import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LegacyTranslationError } from '../../legacy-translation.error';
import {
  bookingFromLegacyBody,
  cancellationReasonFromLegacyBody,
  dayQueryFromLegacyQuery,
  practitionerQueryFromLegacyQuery,
  rescheduleFromLegacyBody,
  schedulingIdFromLegacyPath,
} from './scheduling-requests';

function refusal(read: () => unknown): { field: string; expected: string } {
  try {
    read();
  } catch (err) {
    assert.ok(err instanceof LegacyTranslationError);
    return { field: err.field, expected: err.expected };
  }
  assert.fail('expected a refusal');
}

const GOOD = { patientId: 1, practitionerId: 2, date: '2031-03-08', time: '09:00' };

describe('scheduling requests in the clinic API', () => {
  it('reads a booking, 30 minutes and no reason unless given, reason trimmed', () => {
    assert.deepEqual(bookingFromLegacyBody(GOOD), {
      ...GOOD,
      durationMinutes: 30,
      reason: null,
    });
    assert.equal(bookingFromLegacyBody({ ...GOOD, reason: '  FLU  ' }).reason, 'FLU');
    assert.equal(bookingFromLegacyBody({ ...GOOD, duration: 45 }).durationMinutes, 45);
  });

  it('refuses a booking at the first bad field in the clinic order, in its words', () => {
    const cases: ReadonlyArray<[unknown, string, string]> = [
      [undefined, 'patientId', 'a positive integer id'],
      [[], 'body', 'a JSON object'],
      [{ ...GOOD, patientId: '7', date: 'x' }, 'patientId', 'a positive integer id'],
      [{ ...GOOD, practitionerId: 2.5 }, 'practitionerId', 'a positive integer id'],
      [{ ...GOOD, date: '2031-02-29' }, 'date', 'a date YYYY-MM-DD'],
      [{ ...GOOD, date: '0099-01-01' }, 'date', 'a date YYYY-MM-DD'],
      [{ ...GOOD, time: '24:00' }, 'time', 'a time HH:MM (24-hour)'],
      [{ ...GOOD, duration: 4 }, 'duration', 'an integer from 5 to 480'],
      [{ ...GOOD, duration: null }, 'duration', 'an integer from 5 to 480'],
      [{ ...GOOD, reason: '😀'.repeat(51) }, 'reason', 'text of at most 100 characters'],
    ];
    for (const [body, field, expected] of cases) {
      assert.deepEqual(
        refusal(() => bookingFromLegacyBody(body)),
        { field, expected },
      );
    }
  });

  it('reads a reschedule and a cancel, keeping what is left out', () => {
    assert.deepEqual(rescheduleFromLegacyBody({ date: '2031-04-02', time: '14:30' }), {
      date: '2031-04-02',
      time: '14:30',
    });
    assert.deepEqual(refusal(() => rescheduleFromLegacyBody({ time: '09:00' })).field, 'date');
    assert.equal(cancellationReasonFromLegacyBody(undefined), null);
    assert.equal(cancellationReasonFromLegacyBody({ reason: ' PT REQUEST ' }), 'PT REQUEST');
  });

  it('reads the day and practitioner queries with their defaults and bounds', () => {
    assert.deepEqual(dayQueryFromLegacyQuery({ date: '2031-06-02', practitionerId: '4' }), {
      date: '2031-06-02',
      practitionerId: 4,
      limit: 500,
      offset: 0,
    });
    assert.deepEqual(
      refusal(() => dayQueryFromLegacyQuery({ date: '2031-06-02', limit: '2001' })),
      {
        field: 'limit',
        expected: 'an integer from 1 to 2000',
      },
    );
    assert.deepEqual(practitionerQueryFromLegacyQuery({ spec: 'card', active: 'N' }), {
      specialty: 'CARD',
      active: false,
      limit: 100,
      offset: 0,
    });
    assert.equal(
      refusal(() => practitionerQueryFromLegacyQuery({ active: 'yes' })).field,
      'active',
    );
    assert.equal(
      refusal(() => practitionerQueryFromLegacyQuery({ limit: ['1', '2'] })).expected,
      'an integer from 1 to 1000',
    );
  });

  it('reads a path id within INT, and nothing else', () => {
    assert.equal(schedulingIdFromLegacyPath('2147483647'), 2_147_483_647);
    for (const bad of ['0', '01', '-1', 'x', '2147483648', undefined]) {
      assert.deepEqual(
        refusal(() => schedulingIdFromLegacyPath(bad)),
        {
          field: 'id',
          expected: 'a positive integer id',
        },
      );
    }
  });
});
