import {
  Catch,
  HttpException,
  Inject,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@ficus/core';
import { LegacyTranslationError } from '@ficus/legacy-adapter';
import { describeForLog, isLockContention } from '../../../../http/error-kinds';
import { LOGGER } from '../../../../http/logger.token';
import {
  PatientMergedError,
  PatientMergeTargetMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../../domain/patient-errors';
import { FHIR_JSON, FhirRequestError, type OperationOutcome, type IssueType } from './fhir-http';

interface Answer {
  status: number;
  outcome: OperationOutcome;
}

function outcome(
  status: number,
  code: IssueType,
  diagnostics: string,
  expression?: string,
): Answer {
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

/** https://hl7.org/fhir/R4/http.html — the status codes FHIR prescribes for each failure. */
export function fhirErrorAnswer(err: unknown): Answer {
  if (err instanceof FhirRequestError) {
    return { status: err.status, outcome: { resourceType: 'OperationOutcome', issue: err.issues } };
  }
  if (err instanceof PatientNotFoundError) {
    return outcome(404, 'not-found', `Patient/${err.id} is not known`);
  }
  if (err instanceof PatientVersionConflictError) {
    return outcome(
      412,
      'conflict',
      `Patient/${err.id} is at version ${err.currentVersion}, not ${err.expectedVersion}: read it again and reapply the change`,
    );
  }
  if (err instanceof PatientMergedError) {
    return outcome(
      409,
      'conflict',
      `Patient/${err.id} was replaced by Patient/${err.mergedInto}; update that resource`,
    );
  }
  if (err instanceof PatientMergeTargetMergedError) {
    return outcome(
      409,
      'conflict',
      `Patient/${err.into} was replaced by Patient/${err.mergedInto}; merge into that resource`,
    );
  }
  if (err instanceof LegacyTranslationError) {
    // Valid FHIR that the clinic, still the system of record, cannot hold.
    return outcome(
      422,
      'business-rule',
      `${err.field}: expected ${err.expected}`,
      `Patient.${err.field}`,
    );
  }
  if (isLockContention(err))
    return outcome(503, 'transient', 'the record is locked; retry shortly');
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
