import type { TableMapEntry, TableMapEvent } from '@vlasky/zongji';

/** One column as the binlog's TABLE_MAP event describes it, with MariaDB charsets repaired. */
export interface CapturedColumn {
  name: string;
  columnType: string;
  /** null: binary; undefined: the event did not say (take it from INFORMATION_SCHEMA). */
  charset: string | null | undefined;
  unsigned?: boolean;
  enumValues?: string[];
}

export interface CapturedTable {
  database: string;
  table: string;
  columns: CapturedColumn[];
  /** From the event's primary-key metadata when the server writes it. */
  primaryKey?: string[];
}

// MySQL type codes of the columns that carry text or bytes (lib/common.js MysqlTypes).
const FIXED = 254;
const VARIABLE = new Set([15, 253, 141]);
const BLOBS: Record<number, [string, string]> = {
  249: ['tinyblob', 'tinytext'],
  252: ['blob', 'text'],
  140: ['blob', 'text'],
  250: ['mediumblob', 'mediumtext'],
  251: ['longblob', 'longtext'],
};
const GEOMETRY = 255;
const BLOB_BY_LENGTH_SIZE: Record<number, number> = { 1: 249, 2: 252, 3: 250, 4: 251 };
const MAX_BYTES_PER_CHAR: Record<string, number> = {
  utf8mb4: 4,
  utf8mb3: 3,
  utf8: 3,
  utf16: 4,
  utf32: 4,
  ucs2: 2,
};

function isCharacter(code: number): boolean {
  return code === FIXED || VARIABLE.has(code) || code in BLOBS;
}

/**
 * Reads the table shape from a TABLE_MAP event, before any rows that use it. MariaDB numbers a
 * GEOMETRY column among the character columns of its DEFAULT_CHARSET/COLUMN_CHARSET metadata
 * (Field_geom is a Field_blob) where zongji 0.9 does not, so every text column after a spatial
 * one gets its neighbour's charset; this re-aligns them, leaving `undefined` where the shift
 * pushed a charset off the end.
 */
export function captureTableMap(event: TableMapEvent, isMariaDb: boolean): CapturedTable {
  const entry = event.tableMap[event.tableId];
  const schemas = entry?.columnSchemas ?? [];
  const types = entry?.columns?.map((column) => column.type) ?? event.columnTypes;
  const selfDescribing = schemas.length > 0 && schemas.every((s) => s.COLLATION_NAME === null);
  const charsets = schemas.map((s) => s.CHARACTER_SET_NAME);
  const repaired = isMariaDb && selfDescribing ? realignCharsets(types, charsets) : charsets;
  const columns = schemas.map((source, index): CapturedColumn => {
    const code = types[index] ?? 0;
    const charset = repaired[index];
    const column: CapturedColumn = {
      name: source.COLUMN_NAME,
      columnType:
        isCharacter(code) && selfDescribing
          ? characterType(code, entry?.columns?.[index]?.metadata ?? {}, charset)
          : source.COLUMN_TYPE,
      charset: isCharacter(code) ? charset : null,
    };
    if (source.UNSIGNED !== undefined) column.unsigned = source.UNSIGNED;
    const values = source.ENUM_VALUES ?? source.SET_VALUES;
    if (values) column.enumValues = values;
    return column;
  });
  const captured: CapturedTable = { database: event.schemaName, table: event.tableName, columns };
  if (event.primaryKey) {
    captured.primaryKey = event.primaryKey.map((i) => columns[i]?.name ?? '').filter(Boolean);
  } else if (selfDescribing) {
    // FULL metadata writes the key whenever the table has one: none then means none, whatever
    // key the table has by the time the rows are read.
    captured.primaryKey = [];
  }
  return captured;
}

function realignCharsets(
  types: number[],
  charsets: Array<string | null>,
): Array<string | null | undefined> {
  const zongjiOrder = types.flatMap((code, i) => (isCharacter(code) ? [i] : []));
  const serverOrder = types.flatMap((code, i) =>
    isCharacter(code) || code === GEOMETRY ? [i] : [],
  );
  const result: Array<string | null | undefined> = [...charsets];
  serverOrder.forEach((column, position) => {
    if (types[column] === GEOMETRY) return;
    const from = zongjiOrder[position];
    result[column] = from === undefined ? undefined : (charsets[from] ?? null);
  });
  return result;
}

/** The type a character column really has once its charset is known: 'char(5)', 'varbinary(8)'. */
function characterType(
  code: number,
  metadata: Record<string, unknown>,
  charset: string | null | undefined,
): string {
  const binary = charset === null;
  const blobNames =
    BLOBS[
      code === 252 || code === 140
        ? (BLOB_BY_LENGTH_SIZE[Number(metadata.length_size)] ?? 252)
        : code
    ];
  if (blobNames) return binary ? blobNames[0] : blobNames[1];
  const bytes = Number(metadata.max_length ?? 0) - (code === 141 ? 1 : 0);
  const width = binary ? bytes : Math.floor(bytes / (MAX_BYTES_PER_CHAR[charset ?? ''] ?? 1));
  const fixed = code === FIXED;
  return binary
    ? `${fixed ? 'binary' : 'varbinary'}(${width})`
    : `${fixed ? 'char' : 'varchar'}(${width})`;
}

/**
 * Makes zongji hand over the stored bytes of character and spatial columns instead of decoding
 * them itself: it would decode text with the misaligned charsets above, and it parses spatial
 * values into {x, y} objects that drop the SRID and the geometry type. Must run synchronously in
 * the TABLE_MAP event's 'binlog' handler, before zongji parses the rows that follow; it rewrites
 * zongji's per-table cache only, and `captureTableMap` must have read the entry first.
 */
export function requestRawValues(entry: TableMapEntry): void {
  entry.columns?.forEach((column, index) => {
    if (column.type === GEOMETRY) {
      column.type = BLOB_BY_LENGTH_SIZE[Number(column.metadata.length_size)] ?? 251;
      column.charset = null;
    } else if (isCharacter(column.type)) {
      column.charset = null;
      const schema = entry.columnSchemas[index];
      if (schema && !(column.type in BLOBS)) schema.COLUMN_TYPE = 'varbinary';
    }
  });
}
