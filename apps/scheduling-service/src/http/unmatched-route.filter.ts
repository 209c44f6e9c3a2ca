import {
  Catch,
  Inject,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
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
 * Marks the 404 of a path no controller serves, as opposed to the 404 of a resource not found:
 * the Ficus gateway then sends the request to legacy (it reached no code here, so even a POST is
 * safe to send on) and holds the route's promotion (docs/gateway.md, "Unrouted requests").
 */
export const UNROUTED_HEADER = 'x-ficus-unrouted';

/**
 * Errors outside the controllers (an unknown URL, mostly) answer in the shape of the API the
 * path belongs to: an OperationOutcome under /fhir, the clinic's error JSON everywhere else.
 * Every controller answering clients has its own filter, so a NotFoundException reaching this one
 * is the router's "no handler for this method and path": nothing ran.
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
    const unrouted = err instanceof NotFoundException;
    if (unrouted) res.setHeader(UNROUTED_HEADER, '1');
    if (isFhirPath(req.path)) {
      const { status, outcome } = fhirErrorAnswer(err);
      if (status === 500) this.log.error({ err: describeForLog(err) }, 'request failed');
      res.status(status).setHeader('content-type', FHIR_JSON);
      res.send(JSON.stringify(outcome));
      return;
    }
    const { status, body } = unrouted ? clinicRouteNotFound(req.method) : clinicErrorAnswer(err);
    if (status === 500) this.log.error({ err: describeForLog(err) }, 'request failed');
    res.status(status).json({ error: body });
  }
}
