/** The service's pino logger, provided once for filters and controllers that log. */
export const LOGGER = Symbol('Logger');
