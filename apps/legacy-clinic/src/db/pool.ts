import { createPool, type Pool } from 'mysql2/promise';

/**
 * The monolith's one connection pool. DECIMAL columns stay strings (mysql2's default) so amounts
 * are exact; every date in the schema is a CHAR, so no driver date conversion is involved.
 */
export function createClinicPool(databaseUrl: string, connectionLimit = 10): Pool {
  return createPool({ uri: databaseUrl, connectionLimit, charset: 'utf8mb4_unicode_ci' });
}
