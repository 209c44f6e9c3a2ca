import type { Response } from 'express';

/** An answer to a failed request, in the shape of the API the request was for. */
export interface ErrorReply {
  status: number;
  send(res: Response): void;
}

/** How one of a service's APIs says that a request failed. */
export interface ApiErrors {
  /** Any error a request of this API ended with. */
  answer(err: unknown): ErrorReply;
  /** A body the JSON parser refused (malformed, larger than `limit`, a bad charset). */
  unreadableBody(status: number, limit: string): ErrorReply;
  /** An error outside the controllers: the router's 404 for an unknown URL, mostly. */
  unmatched(err: unknown, method: string): ErrorReply;
}

/**
 * A carved-out service's two APIs: the modern one under /fhir
 * (https://hl7.org/fhir/R4/http.html#root) and the legacy-compatible one on every other path,
 * which clients must not be able to tell from the monolith.
 */
export interface ServiceErrors {
  fhir: ApiErrors;
  legacy: ApiErrors;
}

export function isFhirPath(path: string): boolean {
  return path === '/fhir' || path.startsWith('/fhir/');
}

export function errorsForPath(errors: ServiceErrors, path: string): ApiErrors {
  return isFhirPath(path) ? errors.fhir : errors.legacy;
}

/** A status and the whole JSON document that says what went wrong. */
export interface JsonErrorAnswer {
  status: number;
  body: unknown;
}

/** The answers of an API whose errors are JSON documents in an envelope of its own. */
export interface JsonErrorShape {
  answer(err: unknown): JsonErrorAnswer;
  unreadableBody(status: number): JsonErrorAnswer;
  routeNotFound(method: string): JsonErrorAnswer;
}

function isNotFound(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'getStatus' in err &&
    (err as { getStatus(): number }).getStatus() === 404
  );
}

/** An API answering its errors as JSON (`application/json; charset=utf-8`), as Express does. */
export function jsonErrors(shape: JsonErrorShape): ApiErrors {
  const reply = ({ status, body }: JsonErrorAnswer): ErrorReply => ({
    status,
    send: (res) => {
      res.status(status).json(body);
    },
  });
  return {
    answer: (err) => reply(shape.answer(err)),
    unreadableBody: (status) => reply(shape.unreadableBody(status)),
    unmatched: (err, method) =>
      reply(isNotFound(err) ? shape.routeNotFound(method) : shape.answer(err)),
  };
}
