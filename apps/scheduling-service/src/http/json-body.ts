import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { clinicBadBody } from '../modules/scheduling/api/legacy/clinic-http';
import { FHIR_JSON, FhirRequestError } from '../modules/scheduling/api/fhir/fhir-http';
import { isFhirPath } from './fhir-path';

/** The clinic's limit, so the same bodies are accepted and refused by both. */
const BODY_LIMIT = '100kb';

/** JSON bodies, FHIR's media type included (https://hl7.org/fhir/R4/http.html#mime-type). */
export function jsonBody(): RequestHandler {
  return express.json({
    limit: BODY_LIMIT,
    type: ['application/json', 'application/fhir+json', 'application/*+json'],
  });
}

/** A body the parser refused (malformed, too large, bad charset) answers in the API's own shape. */
export const jsonBodyError: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const status =
    typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
      ? err.status
      : undefined;
  if (status === undefined || status < 400 || status >= 500 || !('type' in (err as object))) {
    next(err);
    return;
  }
  if (isFhirPath(req.path)) {
    const problem = FhirRequestError.invalid(
      `the body is not readable JSON (at most ${BODY_LIMIT})`,
    );
    res.status(status).setHeader('content-type', FHIR_JSON);
    res.send(JSON.stringify({ resourceType: 'OperationOutcome', issue: problem.issues }));
    return;
  }
  res.status(status).json({ error: clinicBadBody(status).body });
};
