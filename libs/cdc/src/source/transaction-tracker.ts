import type { BinlogPosition } from '@ficus/contracts';
import type { StoredOffset } from '../offsets/stored-offset';
import { foldGtid } from './executed-gtids';

export interface FilePosition {
  file: string;
  pos: number;
}

export interface OpenTransaction {
  gtid: string | null;
  /** The boundary the transaction starts at: Debezium's `source.pos`, and where a resume replays it from. */
  start: FilePosition;
  /** Debezium's transaction id: the GTID, else `file:pos`. */
  id: string;
  /** Row events seen so far (the next one's index). */
  rowEvents: number;
  /** Change events emitted so far, for `transaction.total_order`. */
  totalOrder: number;
  /** Per table, for `transaction.data_collection_order`. */
  perTable: Map<string, number>;
  thread: number | null;
  /** Rows to drop from the row events of this transaction that were delivered before a restart. */
  skip: { events: number; rows: number } | undefined;
  /** Whether it produced records: only then does its commit need an offset of its own. */
  emitted: boolean;
  /** It wrote the marker table (`skipTransactionsMarkedBy`): none of its rows are captured. */
  marked: boolean;
}

/** What to do with the rows of one row event. */
export interface RowEventPlan {
  position: BinlogPosition;
  /** Deliver rows from this index on; rows.length or more means skip the whole event. */
  firstRow: number;
}

/**
 * Follows transaction boundaries in the binlog: the position of the last boundary (the end of a
 * commit, or of an event outside any transaction), the transaction in progress, and the index of
 * each row event inside it. An offset taken from here names the boundary before the transaction
 * plus how many of its row events were delivered, so a restart replays the transaction from its
 * GTID event and drops exactly what was delivered.
 */
export class TransactionTracker {
  private file: string;
  private boundary: number;
  private open: OpenTransaction | undefined;
  private resume: StoredOffset | undefined;
  private executedGtids: string | null;

  constructor(start: StoredOffset) {
    this.file = start.file;
    this.boundary = start.pos;
    this.executedGtids = start.gtidSet;
    this.resume = start.eventsToSkip > 0 || start.rowsToSkip > 0 ? start : undefined;
  }

  get transaction(): OpenTransaction | undefined {
    return this.open;
  }

  get position(): FilePosition {
    return { file: this.file, pos: this.boundary };
  }

  /** A rotate names the file the following positions refer to. */
  rotate(file: string, pos: number): void {
    this.file = file;
    if (!this.open && pos > 0) this.boundary = pos;
  }

  /** An event outside any transaction moves the boundary past it (0 means "not a real position"). */
  passed(nextPosition: number): void {
    if (!this.open && nextPosition > 0) this.boundary = nextPosition;
  }

  begin(gtid: string | null, thread: number | null): OpenTransaction {
    if (this.open && (gtid === null || this.open.gtid === gtid)) return this.open;
    const start = { file: this.file, pos: this.boundary };
    const skip = this.takeResumeSkip(gtid, start);
    this.open = {
      gtid,
      start,
      id: gtid ?? `${start.file}:${start.pos}`,
      rowEvents: 0,
      totalOrder: 0,
      perTable: new Map(),
      thread,
      skip,
      emitted: false,
      marked: false,
    };
    return this.open;
  }

  /**
   * The commit marker (XID, COMMIT, or a DDL statement, which commits implicitly). Returns whether
   * the transaction produced records.
   */
  commit(nextPosition: number): boolean {
    if (nextPosition > 0) this.boundary = nextPosition;
    const emitted = this.open?.emitted ?? false;
    const gtid = this.open?.gtid;
    if (gtid && this.executedGtids !== null) {
      this.executedGtids = foldGtid(this.executedGtids, gtid);
    }
    this.open = undefined;
    return emitted;
  }

  /** Plans the next row event of the open transaction (opening one if the server sent none). */
  nextRowEvent(): RowEventPlan {
    const txn = this.open ?? this.begin(null, null);
    const index = txn.rowEvents++;
    let firstRow = 0;
    if (txn.skip) {
      if (index < txn.skip.events) firstRow = Number.MAX_SAFE_INTEGER;
      else if (index === txn.skip.events) firstRow = txn.skip.rows;
    }
    return {
      position: {
        file: txn.start.file,
        pos: txn.start.pos,
        gtid: txn.gtid,
        eventsToSkip: index,
        rowsToSkip: 0,
      },
      firstRow,
    };
  }

  /** The offset once everything read so far is delivered. */
  offset(tsMs: number): StoredOffset {
    const txn = this.open;
    return {
      file: txn ? txn.start.file : this.file,
      pos: txn ? txn.start.pos : this.boundary,
      gtid: txn ? txn.gtid : null,
      gtidSet: this.executedGtids,
      eventsToSkip: txn ? txn.rowEvents : 0,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs,
    };
  }

  /**
   * The stored offset's skip counts apply to the first transaction read after the restart, if it
   * is the one they were counted in: same GTID, or (without GTIDs) the same start position.
   */
  private takeResumeSkip(gtid: string | null, start: FilePosition): OpenTransaction['skip'] {
    const resume = this.resume;
    if (!resume) return undefined;
    this.resume = undefined;
    const same =
      resume.gtid !== null
        ? resume.gtid === gtid
        : resume.file === start.file && resume.pos === start.pos;
    return same ? { events: resume.eventsToSkip, rows: resume.rowsToSkip } : undefined;
  }
}
