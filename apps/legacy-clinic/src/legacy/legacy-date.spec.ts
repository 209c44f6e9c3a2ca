import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clockToLegacyTime,
  isClockTime,
  isIsoDate,
  isoToLegacyDate,
  legacyDateOf,
  legacyDateToIso,
  legacyTimestampOf,
  legacyTimeToMinutes,
  minutesToLegacyTime,
  UNKNOWN_LEGACY_DATE,
} from './legacy-date';

describe('legacy dates', () => {
  it('accepts only real calendar dates in ISO form', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    for (const bad of [
      '2023-02-29',
      '2023-13-01',
      '2023-00-10',
      '2023-1-5',
      '20230105',
      '',
      '0000-01-01',
    ]) {
      assert.equal(isIsoDate(bad), false, bad);
    }
  });

  it('packs ISO dates into CHAR(8) and back', () => {
    assert.equal(isoToLegacyDate('1980-04-12'), '19800412');
    assert.equal(legacyDateToIso('19800412'), '1980-04-12');
  });

  it('reads the unknown marker and malformed values as null', () => {
    assert.equal(legacyDateToIso(UNKNOWN_LEGACY_DATE), null);
    assert.equal(legacyDateToIso('19800231'), null);
    assert.equal(legacyDateToIso('1980041'), null);
  });

  it('stamps instants as UTC CHAR(8) and CHAR(14)', () => {
    const instant = new Date('2025-03-04T05:06:07.890Z');
    assert.equal(legacyDateOf(instant), '20250304');
    assert.equal(legacyTimestampOf(instant), '20250304050607');
  });
});

describe('legacy times', () => {
  it('accepts 24-hour HH:MM only', () => {
    assert.equal(isClockTime('00:00'), true);
    assert.equal(isClockTime('23:59'), true);
    for (const bad of ['24:00', '9:30', '09:60', '0930', '09:30:00'])
      assert.equal(isClockTime(bad), false, bad);
  });

  it('converts between HH:MM, HHMM and minutes', () => {
    assert.equal(clockToLegacyTime('09:30'), '0930');
    assert.equal(legacyTimeToMinutes('0930'), 570);
    assert.equal(minutesToLegacyTime(570), '0930');
    assert.equal(minutesToLegacyTime(0), '0000');
  });
});
