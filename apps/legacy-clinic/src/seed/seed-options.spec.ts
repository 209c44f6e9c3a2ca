import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSeedOptions } from './seed-options';

describe('seed options', () => {
  it('fills in the defaults', () => {
    const o = resolveSeedOptions({ patients: 10_000 });
    assert.equal(o.seed, 42);
    assert.equal(o.practitioners, 25);
    assert.equal(o.appointmentsPerPatient, 3);
    assert.equal(o.invoicesPerPatient, 1.5);
    assert.equal(o.today, '2025-06-30');
    assert.equal(o.batchSize, 1000);
  });

  it('scales practitioners with patients, never below 10', () => {
    assert.equal(resolveSeedOptions({ patients: 10 }).practitioners, 10);
    assert.equal(resolveSeedOptions({ patients: 1_000_000 }).practitioners, 2500);
  });

  it('refuses a calendar too small to seed without double-booking', () => {
    assert.throws(
      () => resolveSeedOptions({ patients: 100_000, practitioners: 1 }),
      (err: Error & { code?: string }) =>
        err.code === 'CLINIC_SEED_CAPACITY' && /at least 31 practitioners/.test(err.message),
    );
  });

  it('names the bad option', () => {
    assert.throws(() => resolveSeedOptions({ patients: -1 }), /patients must be an integer/);
    assert.throws(
      () => resolveSeedOptions({ patients: 1, today: '2025-02-30' }),
      /today must be a date/,
    );
    assert.throws(
      () => resolveSeedOptions({ patients: 1, appointmentsPerPatient: Number.NaN }),
      /appointmentsPerPatient/,
    );
  });
});
