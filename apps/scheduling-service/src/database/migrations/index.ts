import { CreateScheduling1752000000000 } from './1752000000000-create-scheduling';

/** Every migration, oldest first; TypeORM records which ran in `typeorm_migrations`. */
export const SCHEDULING_MIGRATIONS = [CreateScheduling1752000000000];
