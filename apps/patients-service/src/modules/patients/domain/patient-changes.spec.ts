import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Patient } from '@ficus/legacy-adapter';
import { applyPatientChanges, registerPatient, replacePatient } from './patient-changes';

const NOW = new Date('2025-07-01T09:00:00.789Z');
const PATIENT: Patient = {
  id: 4,
  name: { given: ['Ada', 'Mary'], family: 'Quill' },
  birthDate: '1980-04-12',
  gender: 'female',
  active: true,
  deceased: false,
  address: null,
  telecom: { phone: '555-0100', email: null },
  mergedInto: null,
  version: 2,
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
};

describe('patient changes', () => {
  it('registers at version 1, stamped in whole seconds as the clinic stamps', () => {
    const patient = registerPatient(
      {
        name: { given: ['Bo'], family: 'Zz' },
        birthDate: null,
        gender: null,
        address: null,
        phone: null,
        email: null,
      },
      { active: true, deceased: true },
      NOW,
    );
    assert.deepEqual(
      [patient.version, patient.createdAt, patient.updatedAt, patient.active, patient.deceased],
      [1, '2025-07-01T09:00:00.000Z', '2025-07-01T09:00:00.000Z', false, true],
    );
  });

  it('applies only the named changes, null clearing, and bumps the version', () => {
    const next = applyPatientChanges(
      PATIENT,
      { middleNames: null, phone: null, lifecycle: 'deceased', family: 'Quillon' },
      NOW,
    );
    assert.deepEqual(next.name, { given: ['Ada'], family: 'Quillon' });
    assert.deepEqual(
      [next.telecom.phone, next.birthDate, next.gender],
      [null, '1980-04-12', 'female'],
    );
    assert.deepEqual([next.active, next.deceased, next.version], [false, true, 3]);
    assert.deepEqual(
      [next.createdAt, next.updatedAt],
      [PATIENT.createdAt, '2025-07-01T09:00:00.000Z'],
    );
  });

  it('replaces everything but identity, merge pointer and creation', () => {
    const next = replacePatient(
      PATIENT,
      {
        name: { given: ['Eve'], family: 'Ng' },
        birthDate: null,
        gender: 'unknown',
        address: null,
        phone: null,
        email: 'e@example.test',
      },
      { active: false, deceased: false },
      NOW,
    );
    assert.deepEqual(
      [next.id, next.version, next.createdAt, next.mergedInto],
      [4, 3, PATIENT.createdAt, null],
    );
    assert.deepEqual(
      [next.name.given, next.gender, next.active, next.telecom.email],
      [['Eve'], 'unknown', false, 'e@example.test'],
    );
  });
});
