/**
 * Runs the patients service:
 *   PATIENTS_DATABASE_URL=mysql://root@127.0.0.1:3407/patients PATIENTS_PORT=8082 node dist/apps/patients-service/src/main.js
 * Pending migrations run before it listens.
 */
import { runServiceMain } from '@ficus/service-kit';
import { explainStartError, readPatientsConfig } from './config/patients-config';
import { startPatientsService } from './patients-app';

runServiceMain({
  name: 'patients service',
  readConfig: readPatientsConfig,
  start: startPatientsService,
  explainStartError,
});
