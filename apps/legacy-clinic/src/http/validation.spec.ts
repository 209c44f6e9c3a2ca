import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ClinicHttpError } from './errors';
import { amount, bodyId, idText, isoDate, jsonObject, paging, parseInput } from './validation';

function badField(fn: () => unknown): { field: string | undefined; expected: string | undefined } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ClinicHttpError);
    assert.equal(err.status, 400);
    return { field: err.field, expected: err.expected };
  }
  assert.fail('expected a 400');
}

describe('parseInput', () => {
  const body = jsonObject({
    patientId: bodyId,
    lines: z.array(z.object({ amount: amount('zero') })),
  });

  it('names a missing field and what it should hold', () => {
    assert.deepEqual(
      badField(() => parseInput(body, {})),
      {
        field: 'patientId',
        expected: 'a positive integer id',
      },
    );
  });

  it('names nested fields by their path', () => {
    const got = badField(() =>
      parseInput(body, { patientId: 1, lines: [{ amount: '1.00' }, { amount: '1.001' }] }),
    );
    assert.equal(got.field, 'lines.1.amount');
  });

  it('reads an absent body as an empty object, and a non-object as the body', () => {
    assert.equal(badField(() => parseInput(body, undefined)).field, 'patientId');
    assert.deepEqual(
      badField(() => parseInput(body, [1, 2])),
      { field: 'body', expected: 'a JSON object' },
    );
  });

  it('prefixes path parameters', () => {
    assert.equal(badField(() => parseInput(idText, 'abc', 'id')).field, 'id');
  });
});

describe('input schemas', () => {
  it('reads ids from text without leading zeros, signs or overflow', () => {
    assert.equal(parseInput(idText, '42'), 42);
    for (const bad of ['0', '-1', '042', '1.5', '2147483648', '1e3', '']) {
      assert.throws(() => parseInput(idText, bad), ClinicHttpError, bad);
    }
  });

  it('reads amounts from strings and numbers as cents', () => {
    assert.equal(parseInput(amount('zero'), '12.50'), 1250n);
    assert.equal(parseInput(amount('zero'), 0.1), 10n);
    assert.equal(parseInput(amount('zero'), 0), 0n);
    assert.throws(() => parseInput(amount('positive'), 0), /greater than 0/);
    assert.throws(() => parseInput(amount('zero'), '-1'), ClinicHttpError);
    assert.throws(() => parseInput(amount('zero'), '100000000.00'), ClinicHttpError);
  });

  it('rejects impossible dates', () => {
    assert.throws(() => parseInput(isoDate, '2023-02-29'), /YYYY-MM-DD/);
  });

  it('defaults and bounds paging', () => {
    const schema = z.object(paging(50, 500));
    assert.deepEqual(parseInput(schema, {}), { limit: 50, offset: 0 });
    assert.deepEqual(parseInput(schema, { limit: '10', offset: '20' }), { limit: 10, offset: 20 });
    assert.equal(badField(() => parseInput(schema, { limit: '501' })).field, 'limit');
    assert.equal(badField(() => parseInput(schema, { limit: ['1', '2'] })).field, 'limit');
  });
});
