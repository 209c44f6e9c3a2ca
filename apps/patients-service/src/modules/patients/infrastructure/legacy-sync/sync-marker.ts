/**
 * Loop prevention for the two-way sync. Each sync transaction first bumps its writer's row in
 * this table, in the database it writes to; the connector reading that database is configured
 * with `source.skipTransactionsMarkedBy` and drops every transaction that wrote here, so a change
 * the sync applied never comes back as a new change. The write must change the row (a no-op
 * UPDATE leaves no row event in the binlog), hence the counter.
 */
export const SYNC_MARKER_TABLE = 'ficus_sync_marker';

/**
 * Each direction marks with its own row, so the two never wait on each other's lock. Requests
 * writing through to the clinic mark with one of a few rows chosen by patient id, so writes to
 * different patients rarely wait on one marker row.
 */
export type SyncWriter = 'legacy-inbound' | 'legacy-write-back' | `write-through-${number}`;

const WRITE_THROUGH_ROWS = 16;

export function writeThroughWriter(patientId: number): SyncWriter {
  return `write-through-${patientId % WRITE_THROUGH_ROWS}`;
}

export function syncMarkerDdl(database: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS \`${database}\`.\`${SYNC_MARKER_TABLE}\` (` +
    'writer VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL' +
    ') ENGINE=InnoDB'
  );
}

export type SqlRunner = (sql: string, params: unknown[]) => Promise<unknown>;

/** The first write of the transaction: rows written before it would already have been captured. */
export async function markSyncTransaction(run: SqlRunner, writer: SyncWriter): Promise<void> {
  await run(
    `INSERT INTO ${SYNC_MARKER_TABLE} (writer, seq) VALUES (?, 1) ON DUPLICATE KEY UPDATE seq = seq + 1`,
    [writer],
  );
}
