import {
  Catch,
  HttpException,
  Inject,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@ficus/core';
import { describeForLog, isLockContention } from '../../../../http/error-kinds';
import { LOGGER } from '../../../../http/logger.token';
import { SchedulingNotFoundError } from '../../domain/scheduling-errors';
import { FHIR_JSON, FhirRequestError, type IssueType, type OperationOutcome } from './fhir-http';

interface Answer {
  status: number;
  outcome: OperationOutcome;
}

function outcome(status: number, code: IssueType, diagnostics: string): Answer {
  return {
    status,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code, diagnostics }],
    },
  };
}

const RESOURCE_OF = {
  patient: 'Patient',
  practitioner: 'Practitioner',
  appointment: 'Appointment',
};

/** https://hl7.org/fhir/R4/http.html — the status codes FHIR prescribes for each failure. */
export function fhirErrorAnswer(err: unknown): Answer {
  if (err instanceof FhirRequestError) {
    return { status: err.status, outcome: { resourceType: 'OperationOutcome', issue: err.issues } };
  }
  if (err instanceof SchedulingNotFoundError) {
    return outcome(404, 'not-found', `${RESOURCE_OF[err.subject]}/${err.id} is not known`);
  }
  if (isLockContention(err)) {
    return outcome(503, 'transient', 'the record is locked; retry shortly');
  }
  if (err instanceof HttpException && err.getStatus() < 500) {
    return outcome(err.getStatus(), err.getStatus() === 404 ? 'not-found' : 'invalid', err.message);
  }
  return outcome(500, 'exception', 'the server failed; its log has the details');
}

/** Every error of the FHIR API leaves as an OperationOutcome. */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, outcome: body } = fhirErrorAnswer(err);
    if (status === 500) this.log.error({ err: describeForLog(err) }, 'FHIR request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).setHeader('content-type', FHIR_JSON);
    res.send(JSON.stringify(body));
  }
}
