/**
 * Where in the legacy binlog a change was read. Stored as one text whose byte order is binlog
 * order: the file's sequence number, the event's position and the row's index are zero-padded,
 * so `mysql-bin.1000000` sorts after `mysql-bin.999999` and a plain comparison orders changes.
 */
export interface SourcePosition {
  file: string;
  pos: number;
  row: number;
}

export function sortableSourcePosition(position: SourcePosition): string {
  const match = /^(.*?)(\d+)$/.exec(position.file);
  const [base, sequence] = match ? [match[1] ?? '', match[2] ?? '0'] : [position.file, '0'];
  return `${base}${sequence.padStart(12, '0')}:${String(position.pos).padStart(20, '0')}:${String(position.row).padStart(10, '0')}`;
}
