import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Patient } from '../domain/patient';
import { LegacyTranslationError } from '../legacy-translation.error';
import { patientToLegacyPayload, patientToLegacyRow } from './patient-to-legacy-row';

const PATIENT: Patient = {
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
};

describe('patientToLegacyPayload', () => {
  it("serialises exactly as the clinic answers GET /api/patients/1 (README's example)", () => {
    assert.equal(
      JSON.stringify(patientToLegacyPayload(PATIENT)),
      '{"PAT_ID":1,"PAT_FNAME":"Yarrow","PAT_LNAME":"Yewford","PAT_MNAME":"P","PAT_DOB":"20060916",' +
        '"PAT_SEX":"F","PAT_STAT":"A","PAT_ADDR":"5610 Grafton St||Rootford|MA|70152",' +
        '"PAT_PHONE":"362-555-0194","PAT_EMAIL":"","PAT_MRG_TO":0,"PAT_CRT_DT":"20070916072450",' +
        '"PAT_UPD_DT":"20070916072450","PAT_VER":1}',
    );
  });
});

describe('patientToLegacyRow', () => {
  it('writes the legacy blanks for nulls and folds the flags into one status code', () => {
    const row = patientToLegacyRow({
      ...PATIENT,
      name: { given: ['Ada', 'Mary', 'Ann'], family: 'Quill' },
      birthDate: null,
      gender: null,
      address: null,
      telecom: { phone: null, email: null },
      createdAt: '2025-07-01T09:00:00.999Z',
      updatedAt: null,
    });
    assert.deepEqual(
      [row.PAT_MNAME, row.PAT_DOB, row.PAT_SEX, row.PAT_ADDR, row.PAT_PHONE, row.PAT_EMAIL],
      ['Mary Ann', '00000000', '', '', '', ''],
    );
    assert.deepEqual([row.PAT_CRT_DT, row.PAT_UPD_DT], ['20250701090000', '']);
  });

  it('maps active, inactive, deceased and merged to A, I, D and M', () => {
    const table: ReadonlyArray<[Partial<Patient>, string, number]> = [
      [{ active: true }, 'A', 0],
      [{ active: false }, 'I', 0],
      [{ active: false, deceased: true }, 'D', 0],
      [{ active: true, deceased: true }, 'D', 0],
      [{ active: false, mergedInto: 12 }, 'M', 12],
    ];
    for (const [flags, status, mergedTo] of table) {
      const row = patientToLegacyRow({ ...PATIENT, ...flags });
      assert.deepEqual([row.PAT_STAT, row.PAT_MRG_TO], [status, mergedTo], JSON.stringify(flags));
    }
  });

  it('refuses, naming the domain member, a patient the monolith could not store', () => {
    const cases: ReadonlyArray<[Partial<Patient>, string]> = [
      [{ id: 0 }, 'id'],
      [{ name: { given: [], family: 'Quill' } }, 'name.given'],
      [{ name: { given: ['A'.repeat(41)], family: 'Quill' } }, 'name.given'],
      [{ name: { given: ['Ada', 'B'.repeat(30), 'C'.repeat(10)], family: 'Quill' } }, 'name.given'],
      [{ name: { given: ['Ada'], family: '' } }, 'name.family'],
      [{ birthDate: '2023-02-29' }, 'birthDate'],
      [{ gender: 'other' as never }, 'gender'],
      [{ address: { line: ['1 Elm|St'], city: null, state: null, postalCode: null } }, 'address'],
      [
        { address: { line: ['a', 'b', 'c'], city: null, state: null, postalCode: null } },
        'address',
      ],
      [{ address: { line: [], city: null, state: null, postalCode: null } }, 'address'],
      [{ address: { line: [''], city: 'X', state: null, postalCode: null } }, 'address'],
      [
        {
          address: {
            line: ['x'.repeat(150), 'y'.repeat(60)],
            city: null,
            state: null,
            postalCode: null,
          },
        },
        'address',
      ],
      [{ telecom: { phone: '', email: null } }, 'telecom.phone'],
      [{ telecom: { phone: null, email: 'e'.repeat(101) } }, 'telecom.email'],
      [{ mergedInto: 0 }, 'mergedInto'],
      [{ version: 0 }, 'version'],
      [{ createdAt: '2025-07-01 09:00:00' }, 'createdAt'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => patientToLegacyRow({ ...PATIENT, ...change }),
        (err: unknown) =>
          err instanceof LegacyTranslationError &&
          err.code === 'FICUS_ACL_INVALID' &&
          err.field === field &&
          err.expected.length > 0,
        JSON.stringify(change),
      );
    }
  });
});
