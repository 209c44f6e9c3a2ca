import {
  Catch,
  Inject,
  mixin,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
  type Type,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@ficus/core';
import { LOGGER } from '../logger.token';
import { errorsForPath, type ApiErrors, type ServiceErrors } from './api-errors';
import { describeForLog } from './error-kinds';

/**
 * Every error of one API's controllers leaves in that API's shape (`@UseFilters` on them); a
 * failure of the service itself is logged as `failure`, by its codes only.
 */
export function ApiErrorFilter(api: ApiErrors, failure: string): Type<ExceptionFilter> {
  @Catch()
  class Filter implements ExceptionFilter {
    constructor(@Inject(LOGGER) private readonly log: Logger) {}

    catch(err: unknown, host: ArgumentsHost): void {
      const res = host.switchToHttp().getResponse<Response>();
      const reply = api.answer(err);
      if (reply.status === 500) this.log.error({ err: describeForLog(err) }, failure);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      reply.send(res);
    }
  }
  return mixin(Filter);
}

/**
 * Marks the 404 of a path no controller serves, as opposed to the 404 of a resource not found:
 * the Ficus gateway then sends the request to legacy (it reached no code here, so even a POST is
 * safe to send on) and holds the route's promotion (docs/gateway.md, "Unrouted requests").
 */
export const UNROUTED_HEADER = 'x-ficus-unrouted';

/**
 * Errors outside the controllers (an unknown URL, mostly) answer in the shape of the API the
 * path belongs to: an OperationOutcome under /fhir, the legacy API's error everywhere else.
 * Every controller answering clients has its own filter, so a NotFoundException reaching this one
 * is the router's "no handler for this method and path": nothing ran, and the answer says so.
 */
export function UnmatchedRouteFilter(errors: ServiceErrors): Type<ExceptionFilter> {
  @Catch()
  class Filter implements ExceptionFilter {
    constructor(@Inject(LOGGER) private readonly log: Logger) {}

    catch(err: unknown, host: ArgumentsHost): void {
      const req = host.switchToHttp().getRequest<Request>();
      const res = host.switchToHttp().getResponse<Response>();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof NotFoundException) res.setHeader(UNROUTED_HEADER, '1');
      const reply = errorsForPath(errors, req.path).unmatched(err, req.method);
      if (reply.status === 500) this.log.error({ err: describeForLog(err) }, 'request failed');
      reply.send(res);
    }
  }
  return mixin(Filter);
}
