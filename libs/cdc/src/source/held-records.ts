import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChangeRecord } from '@ficus/contracts';
import type { Logger } from '@ficus/core';

export interface HoldStoreOptions {
  /** Records all held XA transactions may keep in memory together; the rest go to disk. */
  maxInMemory: number;
  /** Where spill files go (a directory of their own is made inside, on first use). */
  parentDir?: string;
  logger?: Logger;
}

/**
 * Where the records of prepared XA transactions wait for their XA COMMIT. They cannot be
 * published before it, so the delivery buffer's bound does not apply to them; this store bounds
 * the memory instead: beyond `maxInMemory` records, held among all transactions, a transaction's
 * further records are appended to a file of its own (one JSON record per line) and read back in
 * chunks when it commits. The files live in one directory per stream session, removed when the
 * session ends; a restart gathers the held transactions again from the binlog.
 */
export class XaHoldStore {
  private inMemory = 0;
  private dir: string | undefined;
  private files = 0;

  constructor(private readonly options: HoldStoreOptions) {}

  /** A container for one transaction's records. */
  create(): HeldRecords {
    return new HeldRecords(this);
  }

  /** Records held in memory, all transactions together. */
  get heldInMemory(): number {
    return this.inMemory;
  }

  /** @internal Takes room for `n` records in memory if there is room for all of them. */
  reserve(n: number): boolean {
    if (this.inMemory + n > this.options.maxInMemory) return false;
    this.inMemory += n;
    return true;
  }

  /** @internal */
  free(n: number): void {
    this.inMemory = Math.max(0, this.inMemory - n);
  }

  /** @internal A new spill file's path. */
  spillPath(): string {
    this.dir ??= mkdtempSync(join(this.options.parentDir ?? tmpdir(), 'ficus-cdc-xa-'));
    this.files++;
    const path = join(this.dir, `held-${this.files}.jsonl`);
    this.options.logger?.warn(
      { maxInMemory: this.options.maxInMemory, path },
      'prepared XA transactions hold more records than delivery.maxHeldXaRecords; the rest wait on disk',
    );
    return path;
  }

  /** Removes every spill file; held containers must not be used afterwards. */
  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.inMemory = 0;
  }
}

/**
 * One XA transaction's records, in order: the first ones in memory while the store has room, the
 * rest in its spill file. Once a transaction spills, all its later records do too, so reading the
 * memory part and then the file keeps binlog order.
 */
export class HeldRecords {
  private readonly memory: ChangeRecord[] = [];
  private file: { path: string; fd: number } | undefined;
  private onDisk = 0;

  constructor(private readonly store: XaHoldStore) {}

  get length(): number {
    return this.memory.length + this.onDisk;
  }

  /** The records kept in memory: all of them unless some were spilled. */
  get inMemory(): readonly ChangeRecord[] {
    return this.memory;
  }

  /** Records that went to disk. */
  get spilled(): number {
    return this.onDisk;
  }

  push(...records: ChangeRecord[]): number {
    if (records.length === 0) return this.length;
    if (!this.file && this.store.reserve(records.length)) {
      for (const record of records) this.memory.push(record);
      return this.length;
    }
    if (!this.file) {
      const path = this.store.spillPath();
      this.file = { path, fd: openSync(path, 'a') };
    }
    writeSync(this.file.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.onDisk += records.length;
    return this.length;
  }

  /** The records in order, at most `size` at a time: memory first, then the spill file. */
  async *chunks(size: number): AsyncGenerator<ChangeRecord[]> {
    for (let i = 0; i < this.memory.length; i += size) yield this.memory.slice(i, i + size);
    if (!this.file) return;
    const lines = createInterface({
      input: createReadStream(this.file.path, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    let chunk: ChangeRecord[] = [];
    for await (const line of lines) {
      if (line.length === 0) continue;
      chunk.push(JSON.parse(line) as ChangeRecord);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  /** Frees the memory and deletes the spill file: after publishing, or when rolled back. */
  release(): void {
    this.store.free(this.memory.length);
    this.memory.length = 0;
    if (this.file) {
      closeSync(this.file.fd);
      rmSync(this.file.path, { force: true });
      this.file = undefined;
    }
    this.onDisk = 0;
  }
}

/** A store that never spills: for callers with no memory bound to keep (unit tests). */
export function unboundedHoldStore(): XaHoldStore {
  return new XaHoldStore({ maxInMemory: Number.POSITIVE_INFINITY });
}
