/**
 * Which tables the connector captures: every table of the configured databases, or only the
 * listed "<db>.<table>" ones. The signal and marker tables are read whatever the lists say, but
 * never captured; the connector's own offsets table never is (capturing it would turn every commit
 * into a change to commit).
 */
export class TableFilter {
  private readonly databases: Set<string>;
  private readonly tables: Set<string> | undefined;
  private readonly signal: string | undefined;
  private readonly excluded: Set<string>;

  constructor(
    databases: string[],
    tables: string[],
    signalTable?: string,
    excluded: string[] = [],
    private readonly marker?: string,
  ) {
    this.databases = new Set(databases);
    this.tables = tables.length > 0 ? new Set(tables) : undefined;
    this.signal = signalTable;
    this.excluded = new Set(excluded);
  }

  captures(db: string, table: string): boolean {
    if (!this.databases.has(db)) return false;
    if (this.isSignalTable(db, table) || this.isMarkerTable(db, table)) return false;
    if (this.excluded.has(`${db}.${table}`)) return false;
    return this.tables === undefined || this.tables.has(`${db}.${table}`);
  }

  capturesDatabase(db: string): boolean {
    return this.databases.has(db);
  }

  isSignalTable(db: string, table: string): boolean {
    return this.signal === `${db}.${table}`;
  }

  /** The table whose writes mark a transaction as not to be captured (`skipTransactionsMarkedBy`). */
  isMarkerTable(db: string, table: string): boolean {
    return this.marker === `${db}.${table}`;
  }

  /** zongji's includeSchema: the captured databases (or tables), the signal and marker tables. */
  includeSchema(): Record<string, string[] | true> {
    const schema: Record<string, string[] | true> = {};
    if (this.tables === undefined) for (const db of this.databases) schema[db] = true;
    else {
      for (const qualified of this.tables) add(schema, qualified);
    }
    if (this.signal) add(schema, this.signal);
    if (this.marker) add(schema, this.marker);
    return schema;
  }
}

function add(schema: Record<string, string[] | true>, qualified: string): void {
  const [db = '', table = ''] = qualified.split('.');
  const entry = schema[db];
  if (entry === true) return;
  schema[db] = [...(entry ?? []), table];
}
