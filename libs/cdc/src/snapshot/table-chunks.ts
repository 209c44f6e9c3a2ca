import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { TypeCast } from 'mysql2';
import type { TableSchema } from '../schema/table-schema';
import { chunkQuery, unkeyedChunkQuery } from './chunk-query';

export type Row = Record<string, unknown>;

/**
 * Spatial values as the server stores them (SRID + WKB), as the binlog carries them: mysql2 would
 * parse them into {x, y} objects without the SRID or the geometry type.
 */
const storedSpatial: TypeCast = (field, next) =>
  field.type === 'GEOMETRY' ? field.buffer() : next();

/**
 * Reads a table chunk by chunk, in primary-key order when it has one. The session's time zone is
 * set to UTC first: the server renders TIMESTAMP values in the session's zone (its own by
 * default), while the binlog holds them as UTC seconds.
 */
export async function* tableChunks(
  conn: Connection,
  schema: TableSchema,
  chunkSize: number,
): AsyncGenerator<Row[]> {
  await conn.query("SET SESSION time_zone = '+00:00'");
  const keyed = schema.primaryKey.length > 0;
  let after: unknown[] | undefined;
  for (let offset = 0; ; offset += chunkSize) {
    const q = keyed
      ? chunkQuery(schema, after, chunkSize)
      : unkeyedChunkQuery(schema, offset, chunkSize);
    const [rows] = await conn.query<RowDataPacket[]>({
      sql: q.sql,
      values: q.params,
      typeCast: storedSpatial,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunkSize) return;
    const last = rows[rows.length - 1]!;
    after = schema.primaryKey.map((column): unknown => last[column]);
  }
}
