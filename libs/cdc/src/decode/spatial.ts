import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';

/** io.debezium.data.geometry.Geometry: WKB (base64 in JSON) and SRID (null when unset, 0). */
export interface DebeziumGeometry {
  wkb: string;
  srid: number | null;
}

/** io.debezium.data.geometry.Point: the Geometry fields with the point's coordinates first. */
export interface DebeziumPoint extends DebeziumGeometry {
  x: number;
  y: number;
}

// A 2D point's WKB: byte order, type (1), x and y as doubles (OpenGIS Simple Features §8.2.8).
const WKB_POINT_SIZE = 1 + 4 + 8 + 8;
const WKB_POINT = 1;

/**
 * MySQL and MariaDB store a spatial value as a 4-byte little-endian SRID followed by the OpenGIS
 * WKB (https://dev.mysql.com/doc/refman/8.0/en/gis-data-formats.html#gis-internal-format); the
 * binlog and the text protocol carry those bytes as they are. Debezium's binlog connectors
 * (BinlogValueConverters, BinlogGeometry) turn a POINT column's value into
 * io.debezium.data.geometry.Point and every other spatial type into Geometry, with a null SRID
 * for 0.
 */
export function decodeGeometry(
  column: ColumnSchema,
  value: unknown,
): DebeziumGeometry | DebeziumPoint {
  if (!Buffer.isBuffer(value) || value.length < 4 + 5) {
    throw decodeError(column, 'expected the stored SRID and WKB bytes of a spatial value');
  }
  const stored = value.readUInt32LE(0);
  const wkb = value.subarray(4);
  const geometry: DebeziumGeometry = {
    wkb: wkb.toString('base64'),
    srid: stored === 0 ? null : stored,
  };
  if (column.dataType !== 'point') return geometry;
  if (wkb.length !== WKB_POINT_SIZE) throw decodeError(column, 'a POINT value is not a 2D point');
  const littleEndian = wkb[0] !== 0;
  const type = littleEndian ? wkb.readUInt32LE(1) : wkb.readUInt32BE(1);
  if (type !== WKB_POINT) throw decodeError(column, 'a POINT value is not a 2D point');
  const x = littleEndian ? wkb.readDoubleLE(5) : wkb.readDoubleBE(5);
  const y = littleEndian ? wkb.readDoubleLE(13) : wkb.readDoubleBE(13);
  return { x, y, ...geometry };
}
