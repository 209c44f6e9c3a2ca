import { FicusError } from '@ficus/core';

/** The control database could not be reached or refused a statement; retrying may help. */
export function storeUnavailable(action: string, cause: unknown): FicusError {
  return new FicusError(
    'FICUS_CONTROL_STORE_UNAVAILABLE',
    `could not ${action} in the control database; check control.databaseUrl (or FICUS_CONTROL_DB_URL) and that the database is up`,
    { retriable: true, cause },
  );
}

/** A row the store holds no longer validates: someone edited the tables by hand, or a newer Ficus wrote them. */
export function storeCorrupt(what: string, cause?: unknown): FicusError {
  return new FicusError(
    'FICUS_CONTROL_STORE_CORRUPT',
    `${what} in the control database is not valid; restore it from the audit log or restart a gateway to reseed it from the config file`,
    { cause },
  );
}

export function routeUnknown(name: string): FicusError {
  return new FicusError(
    'FICUS_ROUTE_UNKNOWN',
    `route "${name}" is not defined; GET /admin/routes lists the routes`,
  );
}

export function scheduleNotDeclared(name: string): FicusError {
  return new FicusError(
    'FICUS_SCHEDULE_NOT_DECLARED',
    `route "${name}" has no step schedule; declare one in ficus.config.yaml under schedules, keyed by the route or its group, e.g. schedules: { ${name}: { steps: [10, 25, 50, 100], every: 5m } }`,
  );
}

export function scheduleCannotStart(name: string, why: string): FicusError {
  return new FicusError('FICUS_SCHEDULE_CONFLICT', `route "${name}": ${why}`);
}
