import type { AnyBinlogEvent, BinlogEventByName, BinlogEventName } from '@vlasky/zongji';

/** Narrows a zongji event by its name (TypeScript cannot narrow on a method's return value). */
export function isEvent<N extends BinlogEventName>(
  event: AnyBinlogEvent,
  name: N,
): event is BinlogEventByName<N> {
  return event.getEventName() === name;
}

const COMMIT = /^\s*(COMMIT|ROLLBACK|XA\s+(COMMIT|ROLLBACK))\b/i;
const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION|XA\s+START)\b/i;

export type QueryKind = 'begin' | 'commit' | 'other';

/** BEGIN and COMMIT arrive as QUERY events; everything else is DDL or statement-logged noise. */
export function queryKind(sql: string): QueryKind {
  if (BEGIN.test(sql)) return 'begin';
  if (COMMIT.test(sql)) return 'commit';
  return 'other';
}

/** An XA statement as the server writes it to the binlog: `XA COMMIT X'6131',X'',1`. */
export interface XaStatement {
  verb: 'start' | 'end' | 'prepare' | 'commit' | 'rollback';
  /** gtrid, bqual and format id, the XID's three parts, as one key. */
  xid: string;
  onePhase: boolean;
}

const XA =
  /^\s*XA\s+(START|BEGIN|END|PREPARE|COMMIT|ROLLBACK)\s+X'([0-9a-f]*)'\s*,\s*X'([0-9a-f]*)'\s*,\s*(\d+)(\s+ONE\s+PHASE)?/i;

/** The XA statement a QUERY event holds; undefined for anything else. */
export function xaStatement(sql: string): XaStatement | undefined {
  const m = XA.exec(sql);
  if (!m) return undefined;
  const word = m[1]!.toUpperCase();
  return {
    verb: word === 'BEGIN' ? 'start' : (word.toLowerCase() as XaStatement['verb']),
    xid: xidKey(Number(m[4]), Buffer.from(m[2]!, 'hex'), Buffer.from(m[3]!, 'hex')),
    onePhase: m[5] !== undefined,
  };
}

/** The key of an XID, the same whether it comes from SQL text or from an event's binary fields. */
export function xidKey(formatId: number, gtrid: Buffer, bqual: Buffer): string {
  return `${gtrid.toString('hex')}.${bqual.toString('hex')}.${formatId}`;
}
