import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may hold patient data in any log line. Logs carry ids, codes, counts and positions;
 * anything shaped like a row, a body or a name is censored even if a caller passes it by mistake.
 */
export const REDACTED_PATHS = [
  'body',
  'row',
  'rows',
  'before',
  'after',
  'values',
  'payload',
  'patient',
  'req.body',
  'res.body',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.body',
  '*.row',
  '*.before',
  '*.after',
  '*.payload',
  '*.password',
  '*.token',
];

export type { Logger };

/** Logs go to standard output unless `destination` says otherwise (e.g. pino.destination(2)). */
export function createLogger(
  name: string,
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    name,
    level: process.env.FICUS_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'error' : 'info'),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}
