import type { BinlogPosition, ChangeEventValue, ChangeRecord } from '@ficus/contracts';
import type { StoredOffset } from '../offsets/stored-offset';
import { foldGtid } from './executed-gtids';
import { unboundedHoldStore, type HeldRecords, type XaHoldStore } from './held-records';

type TransactionBlock = NonNullable<ChangeEventValue['transaction']>;

export interface FilePosition {
  file: string;
  pos: number;
}

export interface OpenTransaction {
  gtid: string | null;
  /** The boundary the transaction starts at: where a resume replays it from, and its offsets' file:pos. */
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
  /**
   * A group of one statement with no COMMIT of its own (MariaDB's FL_STANDALONE GTID flag; on
   * MySQL a GTID event not followed by BEGIN): DDL, or ANALYZE/OPTIMIZE/REPAIR TABLE and the like,
   * which the statement itself ends.
   */
  standalone: boolean;
  /**
   * An XA transaction's prepare group: its records are collected here, not published, until the
   * XA COMMIT that may come much later (or the XA ROLLBACK that drops them), in memory up to the
   * hold store's bound and on disk beyond it. null otherwise.
   */
  xaRecords: HeldRecords | null;
}

/** An XA transaction prepared and not ended yet, whose records wait for its XA COMMIT. */
interface HeldXa {
  /** Where its prepare group begins: a restart reads the binlog from the oldest of these. */
  start: FilePosition;
  records: HeldRecords;
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
  private readonly held = new Map<string, HeldXa>();
  /**
   * Set after a restart from an offset that holds prepared XA transactions: the stored offset,
   * while the binlog is read again from the oldest one's start up to it. Only XA prepare groups and
   * their ends count in that stretch; everything else there was published before.
   */
  private replayUntil: StoredOffset | undefined;

  constructor(
    start: StoredOffset,
    private readonly hold: XaHoldStore = unboundedHoldStore(),
  ) {
    const from = start.preparedXaFrom;
    this.file = from ? from.file : start.file;
    this.boundary = from ? from.pos : start.pos;
    this.replayUntil = from ? start : undefined;
    this.executedGtids = start.gtidSet;
    this.resume = start.eventsToSkip > 0 || start.rowsToSkip > 0 ? start : undefined;
  }

  /** Reading what was published before a restart again, to gather held XA transactions' rows. */
  get replaying(): boolean {
    return this.replayUntil !== undefined;
  }

  /** Prepared XA transactions whose records are held. */
  get heldCount(): number {
    return this.held.size;
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
    this.endReplayAtBoundary();
  }

  /** An event outside any transaction moves the boundary past it (0 means "not a real position"). */
  passed(nextPosition: number): void {
    if (!this.open && nextPosition > 0) this.boundary = nextPosition;
    this.endReplayAtBoundary();
  }

  /**
   * Opens a transaction; `xaPrepare` marks an XA transaction's prepare group (MariaDB flags its
   * GTID event, MySQL writes XA START), whose records are held. A BEGIN (or XA START) inside the
   * group says it is not a standalone statement.
   */
  begin(
    gtid: string | null,
    thread: number | null,
    xaPrepare = false,
    standalone = false,
  ): OpenTransaction {
    if (this.open && (gtid === null || this.open.gtid === gtid)) {
      if (xaPrepare) this.open.xaRecords ??= this.hold.create();
      if (!standalone) this.open.standalone = false;
      return this.open;
    }
    const start = { file: this.file, pos: this.boundary };
    this.endReplayAtBoundary();
    const skip = this.replaying ? undefined : this.takeResumeSkip(gtid, start);
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
      standalone,
      xaRecords: xaPrepare ? this.hold.create() : null,
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
    // Replayed transactions are in the stored GTID set already.
    if (gtid && this.executedGtids !== null && !this.replaying) {
      this.executedGtids = foldGtid(this.executedGtids, gtid);
    }
    this.open = undefined;
    this.endReplayAtBoundary();
    return emitted;
  }

  /**
   * XA PREPARE ends the open prepare group: its records are held under the XID until the
   * transaction ends (none held when it changed no captured table).
   */
  prepared(xid: string, nextPosition: number): void {
    const txn = this.open;
    if (txn?.xaRecords?.length) this.held.set(xid, { start: txn.start, records: txn.xaRecords });
    this.commit(nextPosition);
  }

  /**
   * XA COMMIT or XA ROLLBACK: the held records, which are no longer held (the caller releases them
   * once published or dropped).
   */
  ended(xid: string): HeldRecords | undefined {
    const held = this.held.get(xid);
    this.held.delete(xid);
    return held?.records;
  }

  /** The open transaction wrote the marker table: none of its rows are captured. */
  markSkipped(): void {
    if (this.open) this.open.marked = true;
  }

  /** The open transaction produced records, so its commit needs an offset of its own. */
  emitted(): void {
    if (this.open) this.open.emitted = true;
  }

  /** Holds records of an XA prepare group until its XA COMMIT; false outside one. */
  holdForXa(records: ChangeRecord[]): boolean {
    const held = this.open?.xaRecords;
    if (!held) return false;
    held.push(...records);
    return true;
  }

  /**
   * Debezium's transaction block for the next change event of `table` (`db.table`), counting
   * from 1; null outside a transaction. The builder counts on from it for a batch of events.
   */
  transactionBlock(table: string): TransactionBlock | null {
    const txn = this.open;
    if (!txn) return null;
    return {
      id: txn.id,
      total_order: txn.totalOrder + 1,
      data_collection_order: (txn.perTable.get(table) ?? 0) + 1,
    };
  }

  /** `events` change events of `table` were numbered from the last transactionBlock(). */
  ordered(table: string, events: number): void {
    const txn = this.open;
    if (!txn) return;
    txn.totalOrder += events;
    txn.perTable.set(table, (txn.perTable.get(table) ?? 0) + events);
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
    if (this.replayUntil)
      return { ...this.replayUntil, tsMs: Math.max(tsMs, this.replayUntil.tsMs) };
    // A prepare group in progress published nothing: a restart reads it whole.
    const txn = this.open;
    const inside = txn !== undefined && txn.xaRecords === null;
    const oldestHeld = this.held.values().next().value;
    return {
      file: txn ? txn.start.file : this.file,
      pos: txn ? txn.start.pos : this.boundary,
      gtid: inside ? txn.gtid : null,
      gtidSet: this.executedGtids,
      eventsToSkip: inside ? txn.rowEvents : 0,
      rowsToSkip: 0,
      snapshotCompleted: true,
      tsMs,
      preparedXaFrom: oldestHeld ? { ...oldestHeld.start } : null,
    };
  }

  /** The replay ends where the stored offset's position is reached. */
  private endReplayAtBoundary(): void {
    const until = this.replayUntil;
    if (!until || this.open) return;
    if (comparePositions({ file: this.file, pos: this.boundary }, until) >= 0) {
      this.replayUntil = undefined;
    }
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

/** Binlog order of two positions: files by their numeric extension, then the offset in the file. */
export function comparePositions(a: FilePosition, b: FilePosition): number {
  if (a.file !== b.file) return fileIndex(a.file) - fileIndex(b.file);
  return a.pos - b.pos;
}

function fileIndex(file: string): number {
  const dot = file.lastIndexOf('.');
  return Number(file.slice(dot + 1));
}
