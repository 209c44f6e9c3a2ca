/**
 * Loop prevention for the two-way sync. Each sync transaction first bumps its writer's row in a
 * marker table, in the database it writes to; the connector reading that database is configured
 * with `source.skipTransactionsMarkedBy` and drops every transaction that wrote there, so a change
 * the sync applied never comes back as a new change. The write must change the row (a no-op
 * UPDATE leaves no row event in the binlog), hence the counter.
 *
 * In a service's own database the table is always `ficus_sync_marker`. In the legacy database each
 * service marks with a table of its own (see `legacyMarkerTable`): a connector skips every
 * transaction that wrote its marker table, and one service's write-back is a change another
 * service reading the same legacy table still has to see.
 */
export const SYNC_MARKER_TABLE = 'ficus_sync_marker';

/**
 * Each direction marks with its own row, so the two never wait on each other's lock. Requests
 * writing through to the legacy database mark with one of a few rows chosen by record id, so
 * writes to different records rarely wait on one marker row.
 */
export type SyncWriter = 'legacy-inbound' | 'legacy-write-back' | `write-through-${number}`;

const WRITE_THROUGH_ROWS = 16;

export function writeThroughWriter(recordId: number): SyncWriter {
  return `write-through-${recordId % WRITE_THROUGH_ROWS}`;
}

/**
 * The marker table a service's sync writes in the legacy database. Patients, the first service
 * carved out, kept the plain name; every later service names its own.
 */
export function legacyMarkerTable(service: string): string {
  return service === 'patients' ? SYNC_MARKER_TABLE : `${SYNC_MARKER_TABLE}_${service}`;
}

export function syncMarkerDdl(database: string, table = SYNC_MARKER_TABLE): string {
  return (
    `CREATE TABLE IF NOT EXISTS \`${database}\`.\`${table}\` (` +
    'writer VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL' +
    ') ENGINE=InnoDB'
  );
}

export type SqlRunner = (sql: string, params: unknown[]) => Promise<unknown>;

/** The first write of the transaction: rows written before it would already have been captured. */
export async function markSyncTransaction(
  run: SqlRunner,
  writer: SyncWriter,
  table = SYNC_MARKER_TABLE,
): Promise<void> {
  await run(
    `INSERT INTO \`${table}\` (writer, seq) VALUES (?, 1) ON DUPLICATE KEY UPDATE seq = seq + 1`,
    [writer],
  );
}
