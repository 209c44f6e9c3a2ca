import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Patient } from '@ficus/legacy-adapter';
import { differingPaths } from './patient-differences';

const patient: Patient = {
  id: 7,
  name: { given: ['Ada', 'May'], family: 'Lovelace' },
  birthDate: '1815-12-10',
  gender: 'female',
  active: true,
  deceased: false,
  address: { line: ['1 Main St'], city: 'London', state: null, postalCode: 'N1' },
  telecom: { phone: null, email: 'ada@example.test' },
  mergedInto: null,
  version: 3,
  createdAt: null,
  updatedAt: '2024-01-02T03:04:05.000Z',
};

describe('differingPaths', () => {
  it('is empty for equal patients', () => {
    assert.deepEqual(differingPaths(patient, structuredClone(patient)), []);
  });

  it('names each differing leaf by its path, arrays as one field', () => {
    const other: Patient = {
      ...structuredClone(patient),
      name: { given: ['Ada'], family: 'Lovelace' },
      telecom: { phone: '555', email: 'ada@example.test' },
      version: 4,
    };
    assert.deepEqual(differingPaths(patient, other), ['name.given', 'telecom.phone', 'version']);
  });

  it('names an object present on one side only by its own path', () => {
    assert.deepEqual(differingPaths(patient, { ...patient, address: null }), ['address']);
  });
});
