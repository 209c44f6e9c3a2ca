import express, { type Express } from 'express';
import { type Pool } from 'mysql2/promise';
import { createLogger, type Logger } from '@ficus/core';
import { appointmentsRouter } from './appointments/appointments.routes';
import { billingRouter } from './billing/billing.routes';
import { systemClock, type Clock } from './clock';
import { healthRouter } from './health/health.routes';
import { errorHandler, routeNotFound } from './http/error-handler';
import { requestLog } from './http/request-log';
import { patientsRouter } from './patients/patients.routes';
import { practitionersRouter } from './practitioners/practitioners.routes';

export interface ClinicAppOptions {
  clock?: Clock;
  logger?: Logger;
}

/** The monolith's whole HTTP surface on one pool. Express 5 forwards rejected handlers to errorHandler. */
export function createClinicApp(pool: Pool, options: ClinicAppOptions = {}): Express {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('legacy-clinic');
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(logger));
  app.use(express.json({ limit: '100kb' }));
  app.use(healthRouter(pool, logger));
  app.use(patientsRouter(pool, clock));
  app.use(practitionersRouter(pool));
  app.use(appointmentsRouter(pool, clock));
  app.use(billingRouter(pool, clock));
  app.use(routeNotFound);
  app.use(errorHandler(logger));
  return app;
}
