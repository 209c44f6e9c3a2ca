import type { Connection, RowDataPacket } from 'mysql2/promise';
import { errorMessage, type Logger } from '@ficus/core';
import { comparePositions, type FilePosition } from '../source/transaction-tracker';
import { xaStatement, xidKey } from '../stream/binlog-event';

/** Rows per SHOW BINLOG EVENTS page: a binlog file is read in pages, never whole. */
const PAGE = 5_000;

interface BinlogEventRow {
  pos: number;
  type: string;
  info: string;
}

/** One XA event of the binlog: where its group begins, and whether it starts or ends an XID. */
export interface XaMark {
  xid: string;
  /** The start of its event group (the GTID event before MySQL's XA START). */
  at: FilePosition;
  kind: 'start' | 'end';
}

/**
 * The XA events among a page of SHOW BINLOG EVENTS rows. MariaDB names an XA prepare group in its
 * GTID event (`XA START X'…',X'…',1 GTID 0-1-3`); MySQL writes a QUERY event `XA START …` after the
 * group's GTID event. XA COMMIT and XA ROLLBACK end an XID, as does a one-phase commit.
 */
export function xaMarks(
  file: string,
  rows: readonly BinlogEventRow[],
  before?: BinlogEventRow,
): XaMark[] {
  const marks: XaMark[] = [];
  let previous = before;
  for (const row of rows) {
    const xa = xaStatement(row.info);
    if (xa?.verb === 'start') {
      const groupStart =
        row.type === 'Query' && (previous?.type === 'Gtid' || previous?.type === 'Anonymous_Gtid')
          ? previous.pos
          : row.pos;
      marks.push({ xid: xa.xid, at: { file, pos: groupStart }, kind: 'start' });
    } else if (xa?.verb === 'commit' || xa?.verb === 'rollback') {
      marks.push({ xid: xa.xid, at: { file, pos: row.pos }, kind: 'end' });
    }
    previous = row;
  }
  return marks;
}

/**
 * Where the XA transactions prepared but not ended at the snapshot position begin, or null when
 * there are none. Their rows are in the binlog before that position and not in the snapshot (they
 * were not committed), so streaming must read their prepare groups again and publish them at
 * their XA COMMIT: the offset's `preparedXaFrom`.
 *
 * Which XIDs: those XA RECOVER lists now that were not started after the position, and those
 * ended between the position and now. Then the binlog is read backwards, a file at a time, from
 * the position: for each XID the last XA event before the position decides (a start: found; an
 * end: it was not prepared there after all).
 */
export async function preparedXaAtPosition(
  conn: Connection,
  position: FilePosition,
  logger: Logger,
): Promise<FilePosition | null> {
  let recovered: string[];
  try {
    const [rows] = await conn.query<RowDataPacket[]>('XA RECOVER');
    recovered = rows.map((r) => {
      const data = r.data as Buffer;
      const gtrid = Number(r.gtrid_length);
      return xidKey(
        Number(r.formatID),
        data.subarray(0, gtrid),
        data.subarray(gtrid, gtrid + Number(r.bqual_length)),
      );
    });
  } catch (err) {
    logger.warn(
      { err: errorMessage(err) },
      'cannot list prepared XA transactions (XA RECOVER; MySQL needs XA_RECOVER_ADMIN): rows of one ' +
        'prepared at the snapshot position and committed later would not be captured',
    );
    return null;
  }
  try {
    return await locatePrepared(conn, position, recovered, logger);
  } catch (err) {
    logger.warn(
      { err: errorMessage(err) },
      'cannot read the binlog around the snapshot position (SHOW BINLOG EVENTS): rows of an XA ' +
        'transaction prepared there and committed later would not be captured',
    );
    return null;
  }
}

/** The binlog side of preparedXaAtPosition: which XIDs were prepared there, and where they begin. */
async function locatePrepared(
  conn: Connection,
  position: FilePosition,
  recovered: readonly string[],
  logger: Logger,
): Promise<FilePosition | null> {
  const files = await binlogFileNames(conn);
  const [status] = await conn.query<RowDataPacket[]>('SHOW MASTER STATUS');
  const now = { file: String(status[0]?.File ?? position.file), pos: Number(status[0]?.Position) };

  const startedAfter = new Set<string>();
  const candidates = new Set<string>();
  for (const file of files.filter((f) => compareFiles(f, position.file) >= 0)) {
    if (compareFiles(file, now.file) > 0) break;
    const from = file === position.file ? position.pos : 4;
    for (const mark of await fileMarks(conn, file, from, file === now.file ? now.pos : undefined)) {
      if (mark.kind === 'start') startedAfter.add(mark.xid);
      else if (!startedAfter.has(mark.xid)) candidates.add(mark.xid);
    }
  }
  for (const xid of recovered) if (!startedAfter.has(xid)) candidates.add(xid);
  if (candidates.size === 0) return null;

  const found: FilePosition[] = [];
  const older = files.filter((f) => compareFiles(f, position.file) <= 0).reverse();
  for (const file of older) {
    const marks = await fileMarks(conn, file, 4, file === position.file ? position.pos : undefined);
    for (const mark of marks.reverse()) {
      if (!candidates.delete(mark.xid)) continue;
      if (mark.kind === 'start') found.push(mark.at);
    }
    if (candidates.size === 0) break;
  }
  if (candidates.size > 0) {
    logger.warn(
      { count: candidates.size, oldest: files[0] },
      'XA transactions prepared at the snapshot position began in binlog files the server no ' +
        'longer has: their rows will not be captured when they commit',
    );
  }
  if (found.length === 0) return null;
  const oldest = found.reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
  logger.info(
    { prepared: found.length, file: oldest.file, pos: oldest.pos },
    'XA transactions are prepared at the snapshot position: streaming reads them from their start',
  );
  return oldest;
}

async function binlogFileNames(conn: Connection): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW BINARY LOGS');
  return rows.map((r) => String(r.Log_name));
}

/** The XA events of one binlog file from `from`, up to (not including) `until`. */
async function fileMarks(
  conn: Connection,
  file: string,
  from: number,
  until: number | undefined,
): Promise<XaMark[]> {
  const marks: XaMark[] = [];
  let pos = from;
  let before: BinlogEventRow | undefined;
  for (;;) {
    const [rows] = await conn.query<RowDataPacket[]>(
      `SHOW BINLOG EVENTS IN ? FROM ${Number(pos)} LIMIT ${PAGE}`,
      [file],
    );
    const page = rows
      .map((r) => ({ pos: Number(r.Pos), type: String(r.Event_type), info: String(r.Info ?? '') }))
      .filter((r) => until === undefined || r.pos < until);
    marks.push(...xaMarks(file, page, before));
    before = page[page.length - 1];
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || page.length < rows.length || !last) return marks;
    pos = Number(last.End_log_pos);
  }
}

function compareFiles(a: string, b: string): number {
  return comparePositions({ file: a, pos: 0 }, { file: b, pos: 0 });
}
