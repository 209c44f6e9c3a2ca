import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FicusError } from '@ficus/core';
import {
  clinicBadBody,
  clinicBusy,
  clinicDetail,
  clinicError,
  clinicInvalidField,
  clinicNotFound,
  clinicRouteNotFound,
} from './clinic-errors';

/** The bodies below are the clinic's own (apps/legacy-clinic/src/http/error-handler.ts). */
describe("the clinic's error envelope", () => {
  it('prefixes the message with the code, as the clinic does', () => {
    assert.deepEqual(clinicError(409, 'CLINIC_SLOT_TAKEN', 'taken', { details: { id: 3 } }), {
      status: 409,
      body: {
        error: {
          code: 'CLINIC_SLOT_TAKEN',
          message: 'CLINIC_SLOT_TAKEN: taken',
          details: { id: 3 },
        },
      },
    });
  });

  it("answers a refused body, a locked row and an unknown route in the clinic's words", () => {
    assert.deepEqual(clinicBadBody(413).body.error, {
      code: 'CLINIC_BAD_BODY',
      message: 'CLINIC_BAD_BODY: the request body is not readable JSON (at most 100kb)',
      field: 'body',
      expected: 'a JSON object',
    });
    assert.equal(clinicBadBody(413).status, 413);
    assert.deepEqual(clinicBusy(), {
      status: 503,
      body: {
        error: {
          code: 'CLINIC_BUSY',
          message: 'CLINIC_BUSY: the record is locked by another request; retry shortly',
        },
      },
    });
    assert.equal(
      clinicRouteNotFound('PATCH').body.error.message,
      'CLINIC_ROUTE_NOT_FOUND: no route for PATCH on this path',
    );
  });

  it('names the field and what was expected, and swaps a Ficus code for the clinic one', () => {
    assert.deepEqual(clinicInvalidField('dob', 'YYYY-MM-DD').body.error, {
      code: 'CLINIC_INVALID_FIELD',
      message: 'CLINIC_INVALID_FIELD: dob: expected YYYY-MM-DD',
      field: 'dob',
      expected: 'YYYY-MM-DD',
    });
    assert.equal(
      clinicDetail(new FicusError('FICUS_X_GONE', 'patient 4 is gone')),
      'patient 4 is gone',
    );
  });

  it('names the request member that pointed at a missing record, and only when there is one', () => {
    assert.deepEqual(clinicNotFound('patient 9 does not exist', 9, 'patientId').body.error, {
      code: 'CLINIC_NOT_FOUND',
      message: 'CLINIC_NOT_FOUND: patient 9 does not exist',
      field: 'patientId',
      details: { id: 9 },
    });
    assert.equal('field' in clinicNotFound('patient 9 does not exist', 9).body.error, false);
  });
});
