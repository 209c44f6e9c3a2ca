import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patientFromLegacyRow, type Patient } from '@ficus/legacy-adapter';
import {
  compareSourcePositions,
  formatSourcePosition,
  parseSourcePosition,
} from './source-position';
import { decideDelete, decideUpsert } from './sync-decision';

const BASE: Patient = patientFromLegacyRow({
  PAT_ID: 1,
  PAT_FNAME: 'Ada',
  PAT_LNAME: 'Quill',
  PAT_MNAME: '',
  PAT_DOB: '00000000',
  PAT_SEX: '',
  PAT_STAT: 'A',
  PAT_ADDR: '',
  PAT_PHONE: '',
  PAT_EMAIL: '',
  PAT_MRG_TO: 0,
  PAT_CRT_DT: '',
  PAT_UPD_DT: '',
  PAT_VER: 2,
});
const at = (pos: number, file = 'mysql-bin.000002') => ({ file, pos, row: 0 });

describe('decideUpsert', () => {
  const stored = { patient: BASE, sourcePosition: 'mysql-bin.000002:500:0' };
  const edited = { ...BASE, telecom: { phone: '555-0100', email: null } };
  const table: ReadonlyArray<[string, Parameters<typeof decideUpsert>, string]> = [
    ['a patient not stored yet', [undefined, BASE, at(1)], 'insert'],
    ['a newer version', [stored, { ...BASE, version: 3 }, at(1)], 'update'],
    ['an older version, even read later', [stored, { ...BASE, version: 1 }, at(900)], 'skip-stale'],
    ['the same row again', [stored, BASE, at(500)], 'skip-duplicate'],
    ['the same version, changed, read later', [stored, edited, at(501)], 'update'],
    ['the same version, changed, read earlier', [stored, edited, at(499)], 'skip-stale'],
    [
      'the same version, changed, in a later binlog file',
      [stored, edited, at(4, 'mysql-bin.000003')],
      'update',
    ],
    [
      'a service-written row changed at the same version',
      [{ patient: BASE, sourcePosition: null }, edited, at(1)],
      'update',
    ],
    [
      'a service-written row changed at the same version, the service deciding',
      [{ patient: BASE, sourcePosition: null }, edited, at(1), 'service'],
      'skip-stale',
    ],
    [
      'a newer version, the service deciding',
      [{ patient: BASE, sourcePosition: null }, { ...BASE, version: 3 }, at(1), 'service'],
      'update',
    ],
  ];
  for (const [name, args, expected] of table) {
    it(`${expected} for ${name}`, () => assert.equal(decideUpsert(...args), expected));
  }
});

describe('decideDelete', () => {
  it('deletes the version it saw or an older one, skips a newer or missing row', () => {
    const stored = { patient: BASE, sourcePosition: null };
    assert.equal(decideDelete(stored, 2), 'delete');
    assert.equal(decideDelete(stored, 3), 'delete');
    assert.equal(decideDelete(stored, 1), 'skip-stale');
    assert.equal(decideDelete(undefined, 1), 'skip-absent');
  });
});

describe('source positions', () => {
  it('round-trip through text and order by file number, position and row', () => {
    const position = { file: 'mysql-bin.000010', pos: 1234, row: 2 };
    assert.deepEqual(parseSourcePosition(formatSourcePosition(position)), position);
    assert.equal(parseSourcePosition('garbage'), undefined);
    assert.ok(compareSourcePositions(at(1, 'mysql-bin.999999'), at(1, 'mysql-bin.1000000')) < 0);
    assert.ok(compareSourcePositions({ ...at(5), row: 1 }, { ...at(5), row: 0 }) > 0);
    assert.equal(compareSourcePositions(at(5), at(5)), 0);
  });
});
