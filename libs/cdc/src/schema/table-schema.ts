/**
 * The shape of a captured table as the decoder needs it. Built from the binlog's own TABLE_MAP
 * metadata when the server writes it (binlog_row_metadata=FULL), else from INFORMATION_SCHEMA.
 */
export interface ColumnSchema {
  name: string;
  /** Lower-case base type without width or attributes, e.g. 'decimal', 'datetime', 'point'. */
  dataType: string;
  /** Full type as INFORMATION_SCHEMA spells it, e.g. 'decimal(10,2) unsigned'. */
  columnType: string;
  nullable: boolean;
  unsigned: boolean;
  /** DECIMAL digits; BIT length in bits. */
  precision?: number;
  /** DECIMAL digits after the point. */
  scale?: number;
  /** Fractional-second digits of TIME, DATETIME and TIMESTAMP (0-6). */
  fsp?: number;
  charset?: string;
  /** Permitted values of an ENUM or a SET, in definition order. */
  enumValues?: string[];
}

export interface TableSchema {
  database: string;
  table: string;
  columns: ColumnSchema[];
  /** Primary-key column names in key order; empty for a table without a primary key. */
  primaryKey: string[];
}
