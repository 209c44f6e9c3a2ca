import type { TableSchema } from '../schema/table-schema';

const quote = (identifier: string): string => `\`${identifier.replace(/`/g, '``')}\``;

/**
 * Keyset pagination over the primary key: each chunk starts after the last key read, so a chunk
 * costs the same at the end of a large table as at its start (LIMIT/OFFSET would rescan). A
 * composite key is compared as (a > ?) OR (a = ? AND b > ?) ..., which index range scans use.
 */
export function chunkQuery(
  schema: TableSchema,
  after: unknown[] | undefined,
  limit: number,
): { sql: string; params: unknown[] } {
  const table = `${quote(schema.database)}.${quote(schema.table)}`;
  const key = schema.primaryKey;
  if (key.length === 0) {
    throw new Error(`chunkQuery needs a primary key; ${schema.database}.${schema.table} has none`);
  }
  const order = key.map(quote).join(', ');
  if (!after) {
    return { sql: `SELECT * FROM ${table} ORDER BY ${order} LIMIT ?`, params: [limit] };
  }
  const clauses: string[] = [];
  const params: unknown[] = [];
  key.forEach((column, i) => {
    const equal = key.slice(0, i).map((c) => `${quote(c)} = ?`);
    clauses.push(`(${[...equal, `${quote(column)} > ?`].join(' AND ')})`);
    params.push(...after.slice(0, i), after[i]);
  });
  return {
    sql: `SELECT * FROM ${table} WHERE ${clauses.join(' OR ')} ORDER BY ${order} LIMIT ?`,
    params: [...params, limit],
  };
}

/** Tables without a primary key are read in one consistent pass, chunked by offset. */
export function unkeyedChunkQuery(
  schema: TableSchema,
  offset: number,
  limit: number,
): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT * FROM ${quote(schema.database)}.${quote(schema.table)} LIMIT ? OFFSET ?`,
    params: [limit, offset],
  };
}
