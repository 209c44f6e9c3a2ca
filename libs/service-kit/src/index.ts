/**
 * What the carved-out services share around their domain: the Nest bootstrap, the JSON body
 * parser, error answers in the shape of each API (the legacy-compatible one and FHIR's), the
 * health endpoint and the migration command. Each service passes its own error answers, codes
 * and data source; nothing here knows a particular service or the legacy schema.
 */
export * from './logger.token';
export * from './http/api-errors';
export * from './http/api-error.filter';
export * from './http/error-kinds';
export * from './http/json-body';
export * from './fhir/fhir-http';
export * from './fhir/operation-outcome';
export * from './health/health.http.controller';
export * from './service-app';
export * from './migration-command';
