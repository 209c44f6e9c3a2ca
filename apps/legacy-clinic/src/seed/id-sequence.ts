/** Ids handed out in order from 1; the seed writes explicit keys so children can point at parents. */
export class IdSequence {
  private last = 0;

  next(): number {
    return ++this.last;
  }

  get count(): number {
    return this.last;
  }
}
