import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LegacyTranslationError } from '../legacy-translation.error';
import { practitionerFromLegacyRow, practitionerToLegacyRow } from './practitioner-rows';

type Row = Record<string, unknown>;

const SEEDED: Row = {
  PRAC_ID: 3,
  PRAC_FNAME: 'Rowan',
  PRAC_LNAME: 'Ashbury',
  PRAC_SPEC: 'CARD',
  PRAC_NPI: '9912345678',
  PRAC_ACTV: 'Y',
  PRAC_CRT_DT: '20110402101500',
  PRAC_UPD_DT: '20230117080000',
};

describe('practitionerFromLegacyRow', () => {
  it('reads a seeded row into the clean model', () => {
    assert.deepEqual(practitionerFromLegacyRow(SEEDED), {
      id: 3,
      name: { given: 'Rowan', family: 'Ashbury' },
      specialty: 'CARD',
      npi: '9912345678',
      active: true,
      createdAt: '2011-04-02T10:15:00.000Z',
      updatedAt: '2023-01-17T08:00:00.000Z',
    });
  });

  it("reads the blanks as nulls and 'N' as inactive, and keeps unknown specialty codes", () => {
    const p = practitionerFromLegacyRow({
      ...SEEDED,
      PRAC_SPEC: '',
      PRAC_NPI: '',
      PRAC_ACTV: 'N',
      PRAC_CRT_DT: '',
    });
    assert.deepEqual([p.specialty, p.npi, p.active, p.createdAt], [null, null, false, null]);
    assert.equal(practitionerFromLegacyRow({ ...SEEDED, PRAC_SPEC: 'XRAY' }).specialty, 'XRAY');
  });

  it('serialises in table order, as the clinic answers GET /api/practitioners/:id', () => {
    assert.equal(
      JSON.stringify(practitionerToLegacyRow(practitionerFromLegacyRow({ ...SEEDED, EXTRA: 1 }))),
      JSON.stringify(SEEDED),
    );
  });

  it('round-trips every valid row (property): row → domain → row is the identity', () => {
    fc.assert(
      fc.property(validRow(), (row) => {
        assert.deepEqual(practitionerToLegacyRow(practitionerFromLegacyRow(row)), row);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a row that breaks the legacy rules, naming the column', () => {
    const cases: ReadonlyArray<[Row, string]> = [
      [{ PRAC_ID: 0 }, 'PRAC_ID'],
      [{ PRAC_FNAME: 'x'.repeat(41) }, 'PRAC_FNAME'],
      [{ PRAC_SPEC: 'CARDS' }, 'PRAC_SPEC'],
      [{ PRAC_ACTV: 'y' }, 'PRAC_ACTV'],
      [{ PRAC_UPD_DT: '20230230000000' }, 'PRAC_UPD_DT'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => practitionerFromLegacyRow({ ...SEEDED, ...change }),
        (err: unknown) => err instanceof LegacyTranslationError && err.field === field,
        field,
      );
    }
  });

  it('refuses to write a practitioner the monolith could not store', () => {
    const p = practitionerFromLegacyRow(SEEDED);
    assert.throws(
      () => practitionerToLegacyRow({ ...p, npi: '12345678901' }),
      (err: unknown) => err instanceof LegacyTranslationError && err.field === 'PRAC_NPI',
    );
  });
});

const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const stamp = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 19).replace(/[-T:]/g, ''));

function validRow(): fc.Arbitrary<Row> {
  return fc
    .record({
      PRAC_ID: fc.integer({ min: 1, max: 2_147_483_647 }),
      PRAC_FNAME: text(40),
      PRAC_LNAME: text(40),
      PRAC_SPEC: text(4),
      PRAC_NPI: text(10),
      PRAC_ACTV: fc.constantFrom('Y', 'N'),
      PRAC_CRT_DT: fc.oneof(fc.constant(''), stamp),
      PRAC_UPD_DT: fc.oneof(fc.constant(''), stamp),
    })
    .map((r) => ({ ...r }));
}
