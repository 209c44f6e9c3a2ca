import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patientFromLegacyRow } from '@ficus/legacy-adapter';
import { PatientMapper } from './patient.mapper';

function row(change: Record<string, unknown>): Record<string, unknown> {
  return {
    PAT_ID: 7,
    PAT_FNAME: 'Ada',
    PAT_LNAME: 'Quill',
    PAT_MNAME: 'Mary Ann',
    PAT_DOB: '19800412',
    PAT_SEX: 'F',
    PAT_STAT: 'A',
    PAT_ADDR: '1 Elm St||Rootford|OR|97000',
    PAT_PHONE: '555-0100',
    PAT_EMAIL: 'ada@example.test',
    PAT_MRG_TO: 0,
    PAT_CRT_DT: '20070916072450',
    PAT_UPD_DT: '20240101000000',
    PAT_VER: 3,
    ...change,
  };
}

describe('PatientMapper', () => {
  const shapes: ReadonlyArray<Record<string, unknown>> = [
    {},
    { PAT_MNAME: '', PAT_ADDR: '', PAT_PHONE: '', PAT_EMAIL: '', PAT_DOB: '00000000', PAT_SEX: '' },
    { PAT_ADDR: '|Apt 4|||' },
    { PAT_ADDR: '||Rootford||' },
    { PAT_ADDR: 'a|b|c|d|e' },
    { PAT_STAT: 'M', PAT_MRG_TO: 3 },
    { PAT_STAT: 'D' },
    { PAT_CRT_DT: '', PAT_UPD_DT: '' },
  ];
  for (const shape of shapes) {
    it(`keeps every domain value through the patients row (${JSON.stringify(shape)})`, () => {
      const patient = patientFromLegacyRow(row(shape));
      assert.deepEqual(PatientMapper.toDomain(PatientMapper.toPersistence(patient, null)), patient);
    });
  }

  it('answers FHIR with only what is known: no empty strings, merges as replaced-by links', () => {
    const fhir = PatientMapper.toResponse(
      patientFromLegacyRow(
        row({
          PAT_ADDR: '|Apt 4|||',
          PAT_STAT: 'M',
          PAT_MRG_TO: 3,
          PAT_SEX: '',
          PAT_DOB: '00000000',
        }),
      ),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(fhir)), {
      resourceType: 'Patient',
      id: '7',
      meta: { versionId: '3', lastUpdated: '2024-01-01T00:00:00.000Z' },
      active: false,
      name: [{ use: 'official', family: 'Quill', given: ['Ada', 'Mary Ann'] }],
      telecom: [
        { system: 'phone', value: '555-0100' },
        { system: 'email', value: 'ada@example.test' },
      ],
      deceasedBoolean: false,
      address: [{ use: 'home', line: ['Apt 4'] }],
      link: [{ other: { reference: 'Patient/3' }, type: 'replaced-by' }],
    });
  });
});
