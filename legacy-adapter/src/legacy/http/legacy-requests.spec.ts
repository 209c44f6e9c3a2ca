import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LegacyTranslationError } from '../../legacy-translation.error';
import { newPatientFromLegacyBody } from './create-patient.body';
import { mergeTargetFromLegacyBody } from './merge-patient.body';
import { patientIdFromLegacyPath } from './patient-id.param';
import { searchCriteriaFromLegacyQuery } from './search-patients.query';
import { patientUpdateFromLegacyBody } from './update-patient.body';

function problem(fn: () => unknown): { field: string; expected: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LegacyTranslationError);
    return { field: err.field, expected: err.expected };
  }
  assert.fail('expected a LegacyTranslationError');
}

describe('newPatientFromLegacyBody', () => {
  it('reads readable fields into a new patient; blanks and absences are nulls', () => {
    assert.deepEqual(
      newPatientFromLegacyBody({
        firstName: ' Ada ',
        lastName: 'Zzcreate',
        middleName: '  ',
        dob: '1980-04-12',
        sex: 'F',
        address: { line1: '1 Figtree St', city: 'Rootford', state: 'OR', zip: '97000' },
        phone: '(503) 555-0100',
        email: '',
        unknownField: 'ignored',
      }),
      {
        name: { given: ['Ada'], family: 'Zzcreate' },
        birthDate: '1980-04-12',
        gender: 'female',
        address: { line: ['1 Figtree St'], city: 'Rootford', state: 'OR', postalCode: '97000' },
        phone: '(503) 555-0100',
        email: null,
      },
    );
    assert.equal(
      newPatientFromLegacyBody({ firstName: 'Bo', lastName: 'Zz', address: null }).address,
      null,
    );
    const bare = newPatientFromLegacyBody({
      firstName: 'Bo',
      lastName: 'Zz',
      address: {},
      sex: '',
    });
    assert.deepEqual([bare.address, bare.gender, bare.birthDate], [null, null, null]);
  });

  it("names the first bad field with the clinic's own wording", () => {
    const cases: ReadonlyArray<[unknown, string, string]> = [
      [undefined, 'firstName', 'non-empty text of at most 40 characters'],
      [[1, 2], 'body', 'a JSON object'],
      [{ lastName: 'Zz' }, 'firstName', 'non-empty text of at most 40 characters'],
      [
        { firstName: '   ', lastName: 'Zz' },
        'firstName',
        'non-empty text of at most 40 characters',
      ],
      [
        { firstName: 'A'.repeat(41), lastName: 'Zz' },
        'firstName',
        'non-empty text of at most 40 characters',
      ],
      [{ firstName: 'A' }, 'lastName', 'non-empty text of at most 40 characters'],
      [{ firstName: 'A', lastName: 'Zz', dob: '1980-02-30' }, 'dob', 'a date YYYY-MM-DD'],
      [
        { firstName: 'A', lastName: 'Zz', dob: '2999-01-01' },
        'dob',
        'a date YYYY-MM-DD, not in the future',
      ],
      [{ firstName: 'A', lastName: 'Zz', sex: 'X' }, 'sex', "one of 'M', 'F', 'U' or ''"],
      [
        { firstName: 'A', lastName: 'Zz', address: 'x' },
        'address',
        'an object { line1, line2, city, state, zip }',
      ],
      [
        { firstName: 'A', lastName: 'Zz', address: { line1: 'a|b' } },
        'address.line1',
        "text of at most 60 characters without '|'",
      ],
      [
        { firstName: 'A', lastName: 'Zz', address: { state: 'Oregon' } },
        'address.state',
        'text of at most 2 characters',
      ],
      [
        { firstName: 'A', lastName: 'Zz', phone: 5035550100 },
        'phone',
        'text of at most 30 characters',
      ],
      [
        { firstName: 'A', lastName: 'Zz', email: 'e'.repeat(101) },
        'email',
        'text of at most 100 characters',
      ],
      [
        { firstName: 7, lastName: 7, sex: 'X' },
        'firstName',
        'non-empty text of at most 40 characters',
      ],
    ];
    for (const [body, field, expected] of cases) {
      assert.deepEqual(
        problem(() => newPatientFromLegacyBody(body)),
        { field, expected },
        JSON.stringify(body),
      );
    }
  });

  it('copies only declared members, so a __proto__ key in JSON changes nothing', () => {
    const body: unknown = JSON.parse('{"firstName":"A","lastName":"B","__proto__":{"polluted":1}}');
    const created = newPatientFromLegacyBody(body);
    assert.equal((created as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('patientUpdateFromLegacyBody', () => {
  it('turns named fields into changes; null blanks a field', () => {
    assert.deepEqual(
      patientUpdateFromLegacyBody({
        version: 3,
        email: null,
        dob: null,
        status: 'I',
        address: { line1: '2 Elm', zip: '97001' },
        middleName: null,
      }),
      {
        version: 3,
        changes: {
          middleNames: null,
          birthDate: null,
          lifecycle: 'inactive',
          address: { line: ['2 Elm'], city: null, state: null, postalCode: '97001' },
          email: null,
        },
      },
    );
  });

  it('names the bad field, or the body when nothing would change', () => {
    const cases: ReadonlyArray<[unknown, string, string]> = [
      [{ email: '' }, 'version', 'the PAT_VER you read, an integer'],
      [{ version: '1', email: '' }, 'version', 'the PAT_VER you read, an integer'],
      [{ version: 1.5, email: '' }, 'version', 'the PAT_VER you read, an integer'],
      [{ version: 1 }, 'body', 'at least one field to change besides version'],
      [{ version: 1, unknown: 'x' }, 'body', 'at least one field to change besides version'],
      [{ version: 1, firstName: null }, 'firstName', 'non-empty text of at most 40 characters'],
      [{ version: 1, address: 'x' }, 'address', 'an object { line1, line2, city, state, zip }'],
      [
        { version: 1, status: 'M' },
        'status',
        "one of 'A' (active), 'I' (inactive), 'D' (deceased); 'M' is set by a merge",
      ],
      [
        { version: 1, status: null },
        'status',
        "one of 'A' (active), 'I' (inactive), 'D' (deceased); 'M' is set by a merge",
      ],
    ];
    for (const [body, field, expected] of cases) {
      assert.deepEqual(
        problem(() => patientUpdateFromLegacyBody(body)),
        { field, expected },
        JSON.stringify(body),
      );
    }
  });
});

describe('searchCriteriaFromLegacyQuery', () => {
  it("reads 'last, first' prefixes, a birth date and paging with the clinic's defaults", () => {
    assert.deepEqual(searchCriteriaFromLegacyQuery({}), { limit: 50, offset: 0 });
    assert.deepEqual(
      searchCriteriaFromLegacyQuery({
        name: ' yewf , ya , ignored',
        dob: '2006-09-16',
        limit: '10',
        offset: '20',
      }),
      { familyPrefix: 'yewf', givenPrefix: 'ya', birthDate: '2006-09-16', limit: 10, offset: 20 },
    );
    assert.deepEqual(searchCriteriaFromLegacyQuery({ name: ', ya' }), {
      givenPrefix: 'ya',
      limit: 50,
      offset: 0,
    });
  });

  it('names the bad parameter', () => {
    const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
      [{ dob: '05/05/1975' }, 'dob'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: ['1', '2'] }, 'limit'],
      [{ offset: '-1' }, 'offset'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(82) }, 'name'],
    ];
    for (const [query, field] of cases) {
      assert.equal(
        problem(() => searchCriteriaFromLegacyQuery(query)).field,
        field,
        JSON.stringify(query),
      );
    }
  });
});

describe('patientIdFromLegacyPath', () => {
  it('reads positive INT ids written without sign or leading zero', () => {
    assert.equal(patientIdFromLegacyPath('42'), 42);
    assert.equal(patientIdFromLegacyPath('2147483647'), 2147483647);
    for (const bad of ['0', '-1', '042', '1.5', '2147483648', '1e3', '', 'abc', undefined]) {
      assert.deepEqual(
        problem(() => patientIdFromLegacyPath(bad)),
        {
          field: 'id',
          expected: 'a positive integer id',
        },
      );
    }
  });
});

describe('mergeTargetFromLegacyBody', () => {
  it('reads the surviving id, with no upper bound, as the clinic does', () => {
    assert.equal(mergeTargetFromLegacyBody(6, { into: 1 }), 1);
    assert.equal(mergeTargetFromLegacyBody(6, { into: 3_000_000_000 }), 3_000_000_000);
  });

  it("names `into` with the clinic's wording, also when it is the merged record itself", () => {
    const survivor = { field: 'into', expected: 'the surviving patient id, a positive integer' };
    for (const body of [{}, undefined, { into: '1' }, { into: 1.5 }, { into: 0 }, { into: null }]) {
      assert.deepEqual(
        problem(() => mergeTargetFromLegacyBody(6, body)),
        survivor,
      );
    }
    assert.deepEqual(
      problem(() => mergeTargetFromLegacyBody(6, { into: 6 })),
      {
        field: 'into',
        expected: 'the id of another patient',
      },
    );
    assert.deepEqual(
      problem(() => mergeTargetFromLegacyBody(6, [1])),
      {
        field: 'body',
        expected: 'a JSON object',
      },
    );
  });
});
