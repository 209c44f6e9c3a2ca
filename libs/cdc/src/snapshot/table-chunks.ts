import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { TableSchema } from '../schema/table-schema';
import { chunkQuery, unkeyedChunkQuery } from './chunk-query';

export type Row = Record<string, unknown>;

/** Reads a table chunk by chunk, in primary-key order when it has one. */
export async function* tableChunks(
  conn: Connection,
  schema: TableSchema,
  chunkSize: number,
): AsyncGenerator<Row[]> {
  const keyed = schema.primaryKey.length > 0;
  let after: unknown[] | undefined;
  for (let offset = 0; ; offset += chunkSize) {
    const q = keyed
      ? chunkQuery(schema, after, chunkSize)
      : unkeyedChunkQuery(schema, offset, chunkSize);
    const [rows] = await conn.query<RowDataPacket[]>(q.sql, q.params);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunkSize) return;
    const last = rows[rows.length - 1]!;
    after = schema.primaryKey.map((column): unknown => last[column]);
  }
}
