import { type Pool, type PoolConnection } from 'mysql2/promise';

/** Anything a data-access function can run a query on: the pool, or a connection in a transaction. */
export type Sql = Pool | PoolConnection;
