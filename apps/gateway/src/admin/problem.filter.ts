import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { FicusError, type Logger } from '@ficus/core';
import { AdminAuthError, AdminError } from './admin-errors';

/** HTTP status of the FicusErrors the admin API lets through from the control plane. */
const STATUS_BY_CODE: Record<string, number> = {
  FICUS_ROUTE_UNKNOWN: 404,
  FICUS_ROUTE_INVALID: 422,
  FICUS_ROUTE_NO_ROLLBACK: 409,
  FICUS_GATE_FAILED: 409,
  FICUS_GATE_FORCE_REASON: 400,
  FICUS_SCHEDULE_NOT_DECLARED: 422,
  FICUS_SCHEDULE_CONFLICT: 409,
  FICUS_CONTROL_STORE_UNAVAILABLE: 503,
  FICUS_CONTROL_STORE_CORRUPT: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal error',
  503: 'Service unavailable',
};

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: unknown;
}

function problemType(code: string): string {
  return `https://ficus.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/** The message without its "CODE: " prefix: the code has its own member. */
function detailOf(err: FicusError): string {
  return err.message.startsWith(`${err.code}: `)
    ? err.message.slice(err.code.length + 2)
    : err.message;
}

function fromFicus(err: FicusError): ProblemBody {
  const status = err instanceof AdminError ? err.status : (STATUS_BY_CODE[err.code] ?? 500);
  const errors = err.details.errors;
  return {
    type: problemType(err.code),
    title: TITLES[status] ?? 'Error',
    status,
    code: err.code,
    detail:
      status === 500 ? 'the admin API failed; the gateway log has the details' : detailOf(err),
    ...(errors === undefined ? {} : { errors }),
  };
}

const HTTP_CODES: Record<number, string> = {
  400: 'FICUS_ADMIN_BAD_REQUEST',
  404: 'FICUS_ADMIN_NOT_FOUND',
  413: 'FICUS_ADMIN_BODY_TOO_LARGE',
  415: 'FICUS_ADMIN_UNSUPPORTED_MEDIA_TYPE',
};

/** Nest's own errors: unknown paths, body parser failures (malformed JSON, too large). */
function fromHttp(err: HttpException): ProblemBody {
  const status = err.getStatus();
  const code = HTTP_CODES[status] ?? `FICUS_ADMIN_HTTP_${status}`;
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail: status >= 500 ? 'the admin API failed' : err.message,
  };
}

/** Every admin error leaves as an RFC 9457 application/problem+json body carrying a Ficus code. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body =
      err instanceof FicusError
        ? fromFicus(err)
        : err instanceof HttpException
          ? fromHttp(err)
          : fromFicus(new FicusError('FICUS_ADMIN_INTERNAL', 'unexpected error', { cause: err }));
    if (body.status >= 500) {
      this.log.error(
        { code: body.code, err: err instanceof Error ? err.message : String(err) },
        'admin request failed',
      );
    }
    if (err instanceof AdminAuthError) {
      const error = err.bearerError ? `, error="${err.bearerError}"` : '';
      res.setHeader('www-authenticate', `Bearer realm="ficus-admin"${error}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(body.status).type('application/problem+json').setHeader('cache-control', 'no-store');
    res.send(JSON.stringify(body));
  }
}
