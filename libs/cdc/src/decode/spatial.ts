import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';

export interface DebeziumGeometry {
  wkb: string;
  srid: number;
}

/**
 * GEOMETRY and its subtypes → io.debezium.data.geometry.Geometry: the OpenGIS well-known binary
 * (base64) and the SRID. MySQL stores a 4-byte little-endian SRID followed by the WKB
 * (https://dev.mysql.com/doc/refman/8.0/en/gis-data-formats.html#gis-internal-format).
 */
export function decodeGeometry(column: ColumnSchema, value: unknown): DebeziumGeometry {
  if (!Buffer.isBuffer(value) || value.length < 5) {
    throw decodeError(
      column,
      'spatial value arrived parsed, without its SRID and WKB; call SchemaRegistry.onTableMap ' +
        "from the reader's 'binlog' handler for every TABLE_MAP event",
    );
  }
  return { wkb: value.subarray(4).toString('base64'), srid: value.readUInt32LE(0) };
}
