import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { errorsForPath, jsonErrors, type ApiErrors, type ErrorReply } from './api-errors';

/** What a reply wrote: its status and JSON body. */
function written(reply: ErrorReply): { status?: number; body?: unknown } {
  const out: { status?: number; body?: unknown } = {};
  const res = {
    status(code: number) {
      out.status = code;
      return res;
    },
    json(body: unknown) {
      out.body = body;
      return res;
    },
  };
  reply.send(res as unknown as Response);
  return out;
}

const legacy = jsonErrors({
  answer: () => ({ status: 500, body: { error: 'internal' } }),
  unreadableBody: (status) => ({ status, body: { error: 'bad body' } }),
  routeNotFound: (method) => ({ status: 404, body: { error: `no route for ${method}` } }),
});

describe('API error answers', () => {
  it("answers an unknown URL with the API's own not-found, naming the method", () => {
    const reply = legacy.unmatched(new NotFoundException(), 'DELETE');
    assert.deepEqual(written(reply), { status: 404, body: { error: 'no route for DELETE' } });
  });

  it('answers any other error outside the controllers as the API answers errors', () => {
    const reply = legacy.unmatched(new Error('boom'), 'GET');
    assert.deepEqual(written(reply), { status: 500, body: { error: 'internal' } });
  });

  it('keeps the parser status of a refused body', () => {
    assert.equal(legacy.unreadableBody(413, '100kb').status, 413);
  });

  it('gives /fhir and the paths below it to the FHIR API, every other path to the legacy one', () => {
    const fhir: ApiErrors = { ...legacy };
    const errors = { fhir, legacy };
    assert.equal(errorsForPath(errors, '/fhir'), fhir);
    assert.equal(errorsForPath(errors, '/fhir/Patient/1'), fhir);
    assert.equal(errorsForPath(errors, '/fhirish'), legacy);
    assert.equal(errorsForPath(errors, '/api/patients'), legacy);
  });
});
