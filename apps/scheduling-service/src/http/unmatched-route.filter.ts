import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@ficus/core';
import {
  clinicErrorAnswer,
  clinicRouteNotFound,
} from '../modules/scheduling/api/legacy/clinic-http';
import { FHIR_JSON } from '../modules/scheduling/api/fhir/fhir-http';
import { fhirErrorAnswer } from '../modules/scheduling/api/fhir/operation-outcome.filter';
import { describeForLog } from './error-kinds';
import { LOGGER } from './logger.token';
import { isFhirPath } from './fhir-path';

/**
 * Errors outside the controllers (an unknown URL, mostly) answer in the shape of the API the
 * path belongs to: an OperationOutcome under /fhir, the clinic's error JSON everywhere else.
 */
@Catch()
export class UnmatchedRouteFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (isFhirPath(req.path)) {
      const { status, outcome } = fhirErrorAnswer(err);
      if (status === 500) this.log.error({ err: describeForLog(err) }, 'request failed');
      res.status(status).setHeader('content-type', FHIR_JSON);
      res.send(JSON.stringify(outcome));
      return;
    }
    const notFound =
      typeof err === 'object' &&
      err !== null &&
      'getStatus' in err &&
      (err as { getStatus(): number }).getStatus() === 404;
    const { status, body } = notFound ? clinicRouteNotFound(req.method) : clinicErrorAnswer(err);
    if (status === 500) this.log.error({ err: describeForLog(err) }, 'request failed');
    res.status(status).json({ error: body });
  }
}
