import { type RequestHandler } from 'express';
import { type Logger } from '@ficus/core';
import { routeLabel } from './route-label';

/** One debug line per request: method, route pattern, status, duration. No URL, no body. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug(
        { method: req.method, route: routeLabel(req), status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
    });
    next();
  };
}
