/**
 * Runs the scheduling service:
 *   SCHEDULING_DATABASE_URL=mysql://root@127.0.0.1:3407/scheduling SCHEDULING_PORT=8083 node dist/apps/scheduling-service/src/main.js
 * Pending migrations run before it listens.
 */
import { runServiceMain } from '@ficus/service-kit';
import { explainStartError, readSchedulingConfig } from './config/scheduling-config';
import { startSchedulingService } from './scheduling-app';

runServiceMain({
  name: 'scheduling service',
  readConfig: readSchedulingConfig,
  start: startSchedulingService,
  explainStartError,
});
