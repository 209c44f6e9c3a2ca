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
