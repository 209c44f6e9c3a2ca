import { type ErrorRequestHandler, type RequestHandler } from 'express';
import { type Logger } from '@ficus/core';
import { ClinicHttpError } from './errors';
import { routeLabel } from './route-label';

interface ErrorAnswer {
  status: number;
  body: { code: string; message: string; field?: string; expected?: string; details?: object };
}

/** Unknown URLs answer in the same JSON shape as every other error. */
export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(
    new ClinicHttpError(404, 'CLINIC_ROUTE_NOT_FOUND', `no route for ${req.method} on this path`),
  );
};

/** Turns any thrown error into a JSON answer; only unexpected ones are logged, without values. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Once a response has started, only Express can end it (by closing the socket).
    if (res.headersSent) {
      next(err);
      return;
    }
    const answer = toAnswer(err);
    if (answer.status === 500) {
      logger.error(
        { err: describeForLog(err), method: req.method, route: routeLabel(req) },
        'request failed',
      );
    }
    res.status(answer.status).json({ error: answer.body });
  };
}

function toAnswer(err: unknown): ErrorAnswer {
  if (err instanceof ClinicHttpError) {
    const hasDetails = Object.keys(err.details).length > 0;
    return {
      status: err.status,
      body: {
        code: err.code,
        message: err.message,
        ...(err.field === undefined ? {} : { field: err.field }),
        ...(err.expected === undefined ? {} : { expected: err.expected }),
        ...(hasDetails ? { details: err.details } : {}),
      },
    };
  }
  const parserStatus = bodyParserStatus(err);
  if (parserStatus !== undefined) {
    return {
      status: parserStatus,
      body: {
        code: 'CLINIC_BAD_BODY',
        message: 'CLINIC_BAD_BODY: the request body is not readable JSON (at most 100kb)',
        field: 'body',
        expected: 'a JSON object',
      },
    };
  }
  if (isLockContention(err)) {
    return {
      status: 503,
      body: {
        code: 'CLINIC_BUSY',
        message: 'CLINIC_BUSY: the record is locked by another request; retry shortly',
      },
    };
  }
  return {
    status: 500,
    body: { code: 'CLINIC_INTERNAL', message: 'CLINIC_INTERNAL: internal error' },
  };
}

/** InnoDB gave up waiting for a row lock; the transaction was rolled back and can simply be retried. */
function isLockContention(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  return err.code === 'ER_LOCK_DEADLOCK' || err.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** express.json() marks its own errors (malformed JSON, too large, bad charset) with a 4xx status. */
function bodyParserStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err) || !('status' in err))
    return undefined;
  const status = err.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * A driver error's message and `sql` can quote row values ("Duplicate entry 'Smith' ..."), so for
 * those only the codes are logged.
 */
function describeForLog(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { value: typeof err };
  if ('sqlState' in err) {
    const { code, errno, sqlState } = err as {
      code?: unknown;
      errno?: unknown;
      sqlState?: unknown;
    };
    return { kind: 'sql', code, errno, sqlState };
  }
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { kind: 'unknown' };
}
