import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { errorsForPath, type ServiceErrors } from './api-errors';

/** JSON bodies, FHIR's media type included (https://hl7.org/fhir/R4/http.html#mime-type). */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    type: ['application/json', 'application/fhir+json', 'application/*+json'],
  });
}

/** A body the parser refused (malformed, too large, bad charset) answers in the API's own shape. */
export function jsonBodyError(errors: ServiceErrors, limit: string): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const status =
      typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
        ? err.status
        : undefined;
    if (status === undefined || status < 400 || status >= 500 || !('type' in (err as object))) {
      next(err);
      return;
    }
    errorsForPath(errors, req.path).unreadableBody(status, limit).send(res);
  };
}
