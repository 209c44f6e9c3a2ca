/**
 * Where in the legacy binlog a change was read: `<file>:<pos>:<row>`. Binlog files are numbered
 * in order (`mysql-bin.000042`), positions grow within a file, and `row` orders the rows of one
 * event, so two positions compare by those three in turn.
 */
export interface SourcePosition {
  file: string;
  pos: number;
  row: number;
}

export function formatSourcePosition(position: SourcePosition): string {
  return `${position.file}:${position.pos}:${position.row}`;
}

const FORMAT = /^(.+):(\d+):(\d+)$/;

export function parseSourcePosition(text: string): SourcePosition | undefined {
  const match = FORMAT.exec(text);
  if (!match) return undefined;
  return { file: match[1] ?? '', pos: Number(match[2]), row: Number(match[3]) };
}

/** The numeric suffix of a binlog file name, so mysql-bin.1000000 sorts after mysql-bin.999999. */
function fileSequence(file: string): [string, number] {
  const match = /^(.*?)(\d+)$/.exec(file);
  return match ? [match[1] ?? '', Number(match[2])] : [file, 0];
}

/** Negative when a is earlier, positive when later, 0 when the same. */
export function compareSourcePositions(a: SourcePosition, b: SourcePosition): number {
  const [aBase, aSeq] = fileSequence(a.file);
  const [bBase, bSeq] = fileSequence(b.file);
  if (aBase !== bBase) return aBase < bBase ? -1 : 1;
  return aSeq - bSeq || a.pos - b.pos || a.row - b.row;
}
