import { z } from 'zod';

/**
 * Where streaming resumes. `file:pos` is always a transaction boundary (the end of the previous
 * commit), so the server replays the transaction in progress whole, GTID event included; the
 * skip counts then drop what was already delivered, so a restart resumes at the exact row.
 */
export const storedOffsetSchema = z.object({
  file: z.string(),
  pos: z.number().int().min(0),
  /** GTID of the transaction in progress at file:pos; null between transactions. */
  gtid: z.string().nullable(),
  /** Executed GTID position (MariaDB) or set (MySQL) up to file:pos, when known. */
  gtidSet: z.string().nullable(),
  /** Row events of that transaction already delivered. */
  eventsToSkip: z.number().int().min(0),
  /** Rows of the next row event already delivered. */
  rowsToSkip: z.number().int().min(0),
  /** false while an initial snapshot is in progress: a restart then snapshots again. */
  snapshotCompleted: z.boolean(),
  /** Binlog timestamp (ms) of the last change delivered; 0 before any. */
  tsMs: z.number().min(0),
  /**
   * Where the oldest XA transaction that is prepared but not yet committed or rolled back begins,
   * when its rows are held back (they are published at XA COMMIT). A restart reads from here, up
   * to file:pos only to gather the held rows again; absent or null when none is held.
   */
  preparedXaFrom: z
    .object({ file: z.string(), pos: z.number().int().min(0) })
    .nullable()
    .optional(),
});

export type StoredOffset = z.infer<typeof storedOffsetSchema>;

export interface OffsetStore {
  readonly description: string;
  /** Creates the table or directory when missing (and when allowed to). */
  init(): Promise<void>;
  load(): Promise<StoredOffset | undefined>;
  /** Called only after the sink acknowledged everything up to this offset. */
  commit(offset: StoredOffset): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Where a restart from this offset starts reading the binlog. */
export function readFrom(offset: StoredOffset): { file: string; pos: number } {
  return offset.preparedXaFrom ?? { file: offset.file, pos: offset.pos };
}
