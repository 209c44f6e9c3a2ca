import { HttpException } from '@nestjs/common';
import type { ApiErrors, ErrorReply } from '../http/api-errors';
import { isLockContention } from '../http/error-kinds';
import { FHIR_JSON, FhirRequestError, type IssueType, type OperationOutcome } from './fhir-http';

export interface FhirErrorAnswer {
  status: number;
  outcome: OperationOutcome;
}

/** An OperationOutcome with one issue. */
export function fhirOutcome(
  status: number,
  code: IssueType,
  diagnostics: string,
  expression?: string,
): FhirErrorAnswer {
  return {
    status,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code,
          diagnostics,
          ...(expression ? { expression: [expression] } : {}),
        },
      ],
    },
  };
}

/**
 * The status codes FHIR prescribes for each failure (https://hl7.org/fhir/R4/http.html): the
 * request errors the API raised itself, then the service's domain errors as `domain` answers
 * them, lock contention, Nest's own 4xx; anything else is a 500 whose details stay in the log.
 */
export function fhirErrorAnswer(
  err: unknown,
  domain: (err: unknown) => FhirErrorAnswer | undefined,
): FhirErrorAnswer {
  if (err instanceof FhirRequestError) {
    return { status: err.status, outcome: { resourceType: 'OperationOutcome', issue: err.issues } };
  }
  const known = domain(err);
  if (known) return known;
  if (isLockContention(err)) {
    return fhirOutcome(503, 'transient', 'the record is locked; retry shortly');
  }
  if (err instanceof HttpException && err.getStatus() < 500) {
    const status = err.getStatus();
    return fhirOutcome(status, status === 404 ? 'not-found' : 'invalid', err.message);
  }
  return fhirOutcome(500, 'exception', 'the server failed; its log has the details');
}

function reply({ status, outcome }: FhirErrorAnswer): ErrorReply {
  return {
    status,
    send: (res) => {
      res.status(status).setHeader('content-type', FHIR_JSON);
      res.send(JSON.stringify(outcome));
    },
  };
}

/** A FHIR API's errors, every one an OperationOutcome; `domain` answers the service's own. */
export function fhirErrors(domain: (err: unknown) => FhirErrorAnswer | undefined): ApiErrors {
  const answer = (err: unknown) => reply(fhirErrorAnswer(err, domain));
  return {
    answer,
    unreadableBody: (status, limit) =>
      reply({
        status,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: FhirRequestError.invalid(`the body is not readable JSON (at most ${limit})`)
            .issues,
        },
      }),
    unmatched: (err) => answer(err),
  };
}
