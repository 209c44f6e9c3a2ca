import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, errorMessage } from '@ficus/core';
import { storedOffsetSchema, type OffsetStore, type StoredOffset } from './stored-offset';

/**
 * One JSON file per connector, replaced atomically: the new offset is written and fsynced to a
 * temporary file which is then renamed over the old one, so a crash leaves the old or the new
 * offset, never half of one (rename(2) is atomic within a file system).
 */
export class FileOffsetStore implements OffsetStore {
  private readonly file: string;

  constructor(path: string) {
    this.file = resolve(path);
  }

  get description(): string {
    return `file ${this.file}`;
  }

  init(): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true });
    return Promise.resolve();
  }

  load(): Promise<StoredOffset | undefined> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return Promise.resolve(undefined);
    }
    const parsed = storedOffsetSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new ConfigError(
        'FICUS_CDC_OFFSET_CORRUPT',
        `the offset file ${this.file} does not hold a connector offset (${parsed.error.issues[0]?.message}); ` +
          'delete it to start over with the configured snapshot mode',
      );
    }
    return Promise.resolve(parsed.data);
  }

  commit(offset: StoredOffset): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(offset));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    rmSync(this.file, { force: true });
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return { error: errorMessage(err) };
  }
}
