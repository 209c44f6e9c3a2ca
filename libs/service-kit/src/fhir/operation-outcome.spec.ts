import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { FhirRequestError, fhirId } from './fhir-http';
import { fhirErrorAnswer, fhirOutcome } from './operation-outcome';

class GoneError extends Error {}
const domain = (err: unknown) =>
  err instanceof GoneError ? fhirOutcome(410, 'not-found', 'gone', 'Thing.id') : undefined;

describe('FHIR error answers', () => {
  it("answers the API's own request errors with their issues", () => {
    const answer = fhirErrorAnswer(
      FhirRequestError.invalid('_count must be 1-1000', '_count'),
      domain,
    );
    assert.deepEqual(answer, {
      status: 400,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'invalid',
            diagnostics: '_count must be 1-1000',
            expression: ['_count'],
          },
        ],
      },
    });
  });

  it("answers the service's domain errors as the service says", () => {
    const answer = fhirErrorAnswer(new GoneError('row 12 of patients'), domain);
    assert.equal(answer.status, 410);
    assert.deepEqual(answer.outcome.issue[0]?.expression, ['Thing.id']);
  });

  it('answers lock contention 503 transient, so that clients retry', () => {
    const deadlock = new QueryFailedError('UPDATE …', [], { code: 'ER_LOCK_DEADLOCK' } as never);
    const answer = fhirErrorAnswer(deadlock, domain);
    assert.equal(answer.status, 503);
    assert.equal(answer.outcome.issue[0]?.code, 'transient');
  });

  it("keeps Nest's 4xx statuses, and answers anything else 500 without its message", () => {
    assert.equal(
      fhirErrorAnswer(new NotFoundException(), domain).outcome.issue[0]?.code,
      'not-found',
    );
    assert.equal(fhirErrorAnswer(new BadRequestException('no'), domain).status, 400);
    const failed = fhirErrorAnswer(new Error('SELECT * FROM patients WHERE name = "Ada"'), domain);
    assert.equal(failed.status, 500);
    assert.doesNotMatch(JSON.stringify(failed), /Ada/);
  });

  it('takes ids the service could have issued and knows no other', () => {
    assert.equal(fhirId('2147483647', 'Patient'), 2_147_483_647);
    for (const id of ['0', '007', '2147483648', 'abc', '1.5', '']) {
      assert.throws(
        () => fhirId(id, 'Patient'),
        (err) => err instanceof FhirRequestError && err.status === 404,
        id,
      );
    }
  });
});
