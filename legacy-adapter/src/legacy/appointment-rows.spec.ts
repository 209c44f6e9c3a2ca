import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LegacyTranslationError } from '../legacy-translation.error';
import { appointmentFromLegacyRow, appointmentToLegacyRow } from './appointment-rows';

type Row = Record<string, unknown>;

const SEEDED: Row = {
  APPT_ID: 17,
  APPT_PAT_ID: 6,
  APPT_PRAC_ID: 2,
  APPT_DT: '20250714',
  APPT_TM: '0930',
  APPT_DUR: 30,
  APPT_STAT: 'B',
  APPT_RSN: 'ANNUAL PHYSICAL',
  APPT_CXL_RSN: '',
  APPT_CRT_DT: '20250602113012',
  APPT_UPD_DT: '20250602113012',
};

describe('appointmentFromLegacyRow', () => {
  it('reads a seeded row into the clean model', () => {
    assert.deepEqual(appointmentFromLegacyRow(SEEDED), {
      id: 17,
      patientId: 6,
      practitionerId: 2,
      date: '2025-07-14',
      time: '09:30',
      durationMinutes: 30,
      status: 'booked',
      reason: 'ANNUAL PHYSICAL',
      cancellationReason: null,
      createdAt: '2025-06-02T11:30:12.000Z',
      updatedAt: '2025-06-02T11:30:12.000Z',
    });
  });

  it("maps B, C, N and X to FHIR's booked, fulfilled, noshow and cancelled", () => {
    const table: ReadonlyArray<[string, string]> = [
      ['B', 'booked'],
      ['C', 'fulfilled'],
      ['N', 'noshow'],
      ['X', 'cancelled'],
    ];
    for (const [code, status] of table) {
      const appt = appointmentFromLegacyRow({ ...SEEDED, APPT_STAT: code });
      assert.equal(appt.status, status);
      assert.equal(appointmentToLegacyRow(appt).APPT_STAT, code);
    }
  });

  it('serialises in table order, as the clinic answers a booking', () => {
    assert.equal(
      JSON.stringify(appointmentToLegacyRow(appointmentFromLegacyRow({ ...SEEDED, EXTRA: 1 }))),
      JSON.stringify(SEEDED),
    );
  });

  it('round-trips every valid row (property): row → domain → row is the identity', () => {
    fc.assert(
      fc.property(validRow(), (row) => {
        assert.deepEqual(appointmentToLegacyRow(appointmentFromLegacyRow(row)), row);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a row that breaks the legacy rules, naming the column', () => {
    const cases: ReadonlyArray<[Row, string]> = [
      [{ APPT_ID: '17' }, 'APPT_ID'],
      [{ APPT_PAT_ID: 0 }, 'APPT_PAT_ID'],
      [{ APPT_DT: '00000000' }, 'APPT_DT'],
      [{ APPT_DT: '20250230' }, 'APPT_DT'],
      [{ APPT_TM: '2400' }, 'APPT_TM'],
      [{ APPT_TM: '09:30' }, 'APPT_TM'],
      [{ APPT_DUR: 0 }, 'APPT_DUR'],
      [{ APPT_STAT: 'b' }, 'APPT_STAT'],
      [{ APPT_RSN: 'x'.repeat(101) }, 'APPT_RSN'],
      [{ APPT_CRT_DT: '2025' }, 'APPT_CRT_DT'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => appointmentFromLegacyRow({ ...SEEDED, ...change }),
        (err: unknown) => err instanceof LegacyTranslationError && err.field === field,
        field,
      );
    }
  });

  it('refuses to write an appointment the monolith could not store', () => {
    const appt = appointmentFromLegacyRow(SEEDED);
    assert.throws(
      () => appointmentToLegacyRow({ ...appt, reason: 'x'.repeat(101) }),
      (err: unknown) => err instanceof LegacyTranslationError && err.field === 'APPT_RSN',
    );
  });
});

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const day = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2199-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map(
    (d) => `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`,
  );
const stamp = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 19).replace(/[-T:]/g, ''));
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${pad(h, 2)}${pad(m, 2)}`);
const id = fc.integer({ min: 1, max: 2_147_483_647 });
const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });

function validRow(): fc.Arbitrary<Row> {
  return fc
    .record({
      APPT_ID: id,
      APPT_PAT_ID: id,
      APPT_PRAC_ID: id,
      APPT_DT: day,
      APPT_TM: time,
      APPT_DUR: fc.integer({ min: 1, max: 32_767 }),
      APPT_STAT: fc.constantFrom('B', 'C', 'N', 'X'),
      APPT_RSN: text(100),
      APPT_CXL_RSN: text(100),
      APPT_CRT_DT: fc.oneof(fc.constant(''), stamp),
      APPT_UPD_DT: fc.oneof(fc.constant(''), stamp),
    })
    .map((r) => ({ ...r }));
}
