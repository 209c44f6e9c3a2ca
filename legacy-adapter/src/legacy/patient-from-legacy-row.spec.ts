import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LegacyTranslationError } from '../legacy-translation.error';
import { patientFromLegacyRow } from './patient-from-legacy-row';
import { patientToLegacyRow } from './patient-to-legacy-row';

/** Patient 1 of the seeded clinic (seed 42), as `GET /api/patients/1` answers it. */
const SEEDED = {
  PAT_ID: 1,
  PAT_FNAME: 'Yarrow',
  PAT_LNAME: 'Yewford',
  PAT_MNAME: 'P',
  PAT_DOB: '20060916',
  PAT_SEX: 'F',
  PAT_STAT: 'A',
  PAT_ADDR: '5610 Grafton St||Rootford|MA|70152',
  PAT_PHONE: '362-555-0194',
  PAT_EMAIL: '',
  PAT_MRG_TO: 0,
  PAT_CRT_DT: '20070916072450',
  PAT_UPD_DT: '20070916072450',
  PAT_VER: 1,
};

type Row = Record<string, unknown>;

/** The shapes the seeder and twenty years of data entry produce. */
const SHAPES: ReadonlyArray<[string, Row]> = [
  ['a seeded row', SEEDED],
  ['names typed in capitals, full middle name', { PAT_FNAME: 'ROWAN', PAT_MNAME: 'LINDEN' }],
  ['no middle name', { PAT_MNAME: '' }],
  ["unknown birth date '00000000'", { PAT_DOB: '00000000' }],
  ["blank sex ''", { PAT_SEX: '' }],
  ["sex recorded as unknown 'U'", { PAT_SEX: 'U' }],
  ['male', { PAT_SEX: 'M' }],
  ['inactive', { PAT_STAT: 'I' }],
  ['deceased', { PAT_STAT: 'D' }],
  ['merged into 7', { PAT_STAT: 'M', PAT_MRG_TO: 7, PAT_VER: 2 }],
  ['no address on file', { PAT_ADDR: '' }],
  ['two street lines and a ZIP+4', { PAT_ADDR: '12 Elm St|Apt 4|Rootford|OR|97000-0123' }],
  ['a second line without a first', { PAT_ADDR: '|Apt 4|Rootford|OR|97000' }],
  ['only a city', { PAT_ADDR: '||Rootford||' }],
  ['only a ZIP', { PAT_ADDR: '||||97000' }],
  ['phone in parentheses', { PAT_PHONE: '(503) 555-0100' }],
  ['international phone with extension', { PAT_PHONE: '+1 503 555 0100 x12' }],
  ['no phone', { PAT_PHONE: '' }],
  ['an e-mail', { PAT_EMAIL: 'yarrow.yewford12@example.test' }],
  ['edited later', { PAT_UPD_DT: '20240229235959', PAT_VER: 6 }],
  ['stamps never recorded', { PAT_CRT_DT: '', PAT_UPD_DT: '' }],
  ['names at full width in characters, beyond the BMP', { PAT_FNAME: '😀'.repeat(40) }],
  ['surrounding spaces kept as stored', { PAT_LNAME: ' Yewford ' }],
];

describe('patientFromLegacyRow', () => {
  it('reads a seeded row into the clean model', () => {
    assert.deepEqual(patientFromLegacyRow(SEEDED), {
      id: 1,
      name: { given: ['Yarrow', 'P'], family: 'Yewford' },
      birthDate: '2006-09-16',
      gender: 'female',
      active: true,
      deceased: false,
      address: { line: ['5610 Grafton St'], city: 'Rootford', state: 'MA', postalCode: '70152' },
      telecom: { phone: '362-555-0194', email: null },
      mergedInto: null,
      version: 1,
      createdAt: '2007-09-16T07:24:50.000Z',
      updatedAt: '2007-09-16T07:24:50.000Z',
    });
  });

  it('reads the legacy blanks and codes as nulls and flags', () => {
    const table: ReadonlyArray<
      [Row, (p: ReturnType<typeof patientFromLegacyRow>) => unknown, unknown]
    > = [
      [{ PAT_DOB: '00000000' }, (p) => p.birthDate, null],
      [{ PAT_SEX: '' }, (p) => p.gender, null],
      [{ PAT_SEX: 'U' }, (p) => p.gender, 'unknown'],
      [{ PAT_ADDR: '' }, (p) => p.address, null],
      [{ PAT_ADDR: '|Apt 4|C|S|Z' }, (p) => p.address?.line, ['', 'Apt 4']],
      [
        { PAT_ADDR: '||C||' },
        (p) => p.address,
        { line: [], city: 'C', state: null, postalCode: null },
      ],
      [{ PAT_EMAIL: '' }, (p) => p.telecom.email, null],
      [{ PAT_MNAME: '' }, (p) => p.name.given, ['Yarrow']],
      [{ PAT_STAT: 'I' }, (p) => [p.active, p.deceased, p.mergedInto], [false, false, null]],
      [{ PAT_STAT: 'D' }, (p) => [p.active, p.deceased, p.mergedInto], [false, true, null]],
      [
        { PAT_STAT: 'M', PAT_MRG_TO: 9 },
        (p) => [p.active, p.deceased, p.mergedInto],
        [false, false, 9],
      ],
      [{ PAT_CRT_DT: '' }, (p) => p.createdAt, null],
    ];
    for (const [change, read, expected] of table) {
      assert.deepEqual(
        read(patientFromLegacyRow({ ...SEEDED, ...change })),
        expected,
        JSON.stringify(change),
      );
    }
  });

  it('ignores columns PATIENT_MST does not have, so an added legacy column does not stop the sync', () => {
    assert.deepEqual(
      patientFromLegacyRow({ ...SEEDED, PAT_NEW_COL: 'x' }),
      patientFromLegacyRow(SEEDED),
    );
  });

  for (const [name, change] of SHAPES) {
    it(`round-trips ${name}: row → domain → row is the identity`, () => {
      const row = { ...SEEDED, ...change };
      assert.deepEqual(patientToLegacyRow(patientFromLegacyRow(row)), row);
    });
  }

  it('round-trips every valid row (property)', () => {
    fc.assert(
      fc.property(validRow(), (row) => {
        assert.deepEqual(patientToLegacyRow(patientFromLegacyRow(row)), row);
      }),
      { numRuns: 500 },
    );
  });
});

describe('patientFromLegacyRow on rows that break the legacy rules', () => {
  const cases: ReadonlyArray<[Row, string, string]> = [
    [{ PAT_ID: 0 }, 'PAT_ID', 'a positive integer id'],
    [{ PAT_ID: '12' }, 'PAT_ID', 'a positive integer id'],
    [{ PAT_FNAME: '' }, 'PAT_FNAME', 'non-empty text of at most 40 characters'],
    [{ PAT_LNAME: 'Zyxwvut'.repeat(6) }, 'PAT_LNAME', 'non-empty text of at most 40 characters'],
    [{ PAT_MNAME: null }, 'PAT_MNAME', 'text of at most 40 characters'],
    [{ PAT_DOB: '19800230' }, 'PAT_DOB', "'YYYYMMDD' (a real date) or '00000000'"],
    [{ PAT_DOB: '' }, 'PAT_DOB', "'YYYYMMDD' (a real date) or '00000000'"],
    [{ PAT_SEX: 'X' }, 'PAT_SEX', "one of 'M', 'F', 'U' or ''"],
    [{ PAT_SEX: 'm' }, 'PAT_SEX', "one of 'M', 'F', 'U' or ''"],
    [{ PAT_STAT: 'Q' }, 'PAT_STAT', "one of 'A', 'I', 'D' or 'M'"],
    [{ PAT_ADDR: 'Zedbury Lane 12' }, 'PAT_ADDR', "'' or 'line1|line2|city|state|zip'"],
    [{ PAT_ADDR: '||||' }, 'PAT_ADDR', "'' or 'line1|line2|city|state|zip'"],
    [{ PAT_ADDR: 'a|b|c|d|e|f' }, 'PAT_ADDR', "'' or 'line1|line2|city|state|zip'"],
    [{ PAT_PHONE: 5035550100 }, 'PAT_PHONE', 'text of at most 30 characters'],
    [{ PAT_MRG_TO: -1 }, 'PAT_MRG_TO', 'a patient id, or 0'],
    [{ PAT_STAT: 'M', PAT_MRG_TO: 0 }, 'PAT_MRG_TO', "the surviving patient's id"],
    [{ PAT_STAT: 'A', PAT_MRG_TO: 4 }, 'PAT_MRG_TO', "the surviving patient's id"],
    [{ PAT_CRT_DT: '20240230120000' }, 'PAT_CRT_DT', "'YYYYMMDDHHMMSS'"],
    [{ PAT_UPD_DT: '20240101246000' }, 'PAT_UPD_DT', "'YYYYMMDDHHMMSS'"],
    [{ PAT_VER: 0 }, 'PAT_VER', 'a positive integer version'],
    [{ PAT_VER: undefined }, 'PAT_VER', 'a positive integer version'],
  ];

  for (const [change, field, expected] of cases) {
    it(`names ${field} and what it expects, never the value (${JSON.stringify(change)})`, () => {
      const err = catchError(() => patientFromLegacyRow({ ...SEEDED, ...change }));
      assert.equal(err.code, 'FICUS_ACL_INVALID');
      assert.equal(err.retriable, false);
      assert.equal(err.field, field);
      assert.ok(err.expected.startsWith(expected), err.expected);
      assert.match(
        err.message,
        new RegExp(`^FICUS_ACL_INVALID: PATIENT_MST row: ${field}: expected `),
      );
      for (const value of Object.values(change)) {
        if (typeof value === 'string' && value.length > 3) assert.ok(!err.message.includes(value));
      }
    });
  }

  it('refuses something that is not a row at all', () => {
    for (const notRow of [null, 'row', [SEEDED], 42]) {
      assert.equal(catchError(() => patientFromLegacyRow(notRow)).field, 'row');
    }
  });
});

function catchError(fn: () => unknown): LegacyTranslationError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LegacyTranslationError);
    return err;
  }
  assert.fail('expected a LegacyTranslationError');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const legacyDay = fc
  .date({
    min: new Date('0001-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map(
    (d) => `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`,
  );
const legacyStamp = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 19).replace(/[-T:]/g, ''));
const anyText = (min: number, max: number) =>
  fc.string({ unit: 'binary', minLength: min, maxLength: max });
const addressPart = (max: number) => anyText(0, max).filter((s) => !s.includes('|'));
const packedAddress = fc.oneof(
  fc.constant(''),
  fc
    .tuple(addressPart(60), addressPart(60), addressPart(40), addressPart(4), addressPart(10))
    .filter((parts) => parts.some((p) => p !== ''))
    .map((parts) => parts.join('|')),
);
const id = fc.integer({ min: 1, max: 2_147_483_647 });
const status = fc.oneof(
  fc.tuple(fc.constantFrom('A', 'I', 'D'), fc.constant(0)),
  fc.tuple(fc.constant('M'), id),
);

/** Any row the legacy rules allow. */
function validRow(): fc.Arbitrary<Row> {
  return fc
    .record({
      PAT_ID: id,
      PAT_FNAME: anyText(1, 40),
      PAT_LNAME: anyText(1, 40),
      PAT_MNAME: anyText(0, 40),
      PAT_DOB: fc.oneof(fc.constant('00000000'), legacyDay),
      PAT_SEX: fc.constantFrom('M', 'F', 'U', ''),
      status,
      PAT_ADDR: packedAddress,
      PAT_PHONE: anyText(0, 30),
      PAT_EMAIL: anyText(0, 100),
      PAT_CRT_DT: fc.oneof(fc.constant(''), legacyStamp),
      PAT_UPD_DT: fc.oneof(fc.constant(''), legacyStamp),
      PAT_VER: fc.integer({ min: 1, max: 2_147_483_647 }),
    })
    .map(({ status: [stat, mergedInto], ...row }) => ({
      PAT_ID: row.PAT_ID,
      PAT_FNAME: row.PAT_FNAME,
      PAT_LNAME: row.PAT_LNAME,
      PAT_MNAME: row.PAT_MNAME,
      PAT_DOB: row.PAT_DOB,
      PAT_SEX: row.PAT_SEX,
      PAT_STAT: stat,
      PAT_ADDR: row.PAT_ADDR,
      PAT_PHONE: row.PAT_PHONE,
      PAT_EMAIL: row.PAT_EMAIL,
      PAT_MRG_TO: mergedInto,
      PAT_CRT_DT: row.PAT_CRT_DT,
      PAT_UPD_DT: row.PAT_UPD_DT,
      PAT_VER: row.PAT_VER,
    }));
}
