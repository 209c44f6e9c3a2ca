import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ChangeRecord, ChangeSink } from '@ficus/contracts';
import { ConfigError, FicusError, errorMessage, type Logger } from '@ficus/core';
import type { JsonLinesTransportConfig } from '../config/connector-config.schema';

/** `path` meaning standard output. */
export const STDOUT_PATH = '-';

/** How far back a partial last line is looked for, per read. */
const TAIL_CHUNK = 64 * 1024;

export interface JsonLinesSinkOptions {
  /** Where `path: -` writes; process.stdout unless a test gives another stream. */
  stdout?: Writable;
  logger?: Logger;
}

/**
 * One JSON document per line and record: `{"topic","key","value","headers"}`, key and value as
 * the Kafka transport's message key and value would parse (a tombstone's value is null). A batch
 * counts as delivered once its lines are written: to a file, written and fsynced (fdatasync), so
 * a committed offset never points past a line a crash of the machine could lose; to standard
 * output, handed to the operating system. The connector commits offsets only after that.
 */
export class JsonLinesSink implements ChangeSink {
  readonly name = 'jsonl';
  private file: FileHandle | undefined;
  private readonly stdout: Writable;
  /** Set by the first failed write; every later batch fails with it (see deliver). */
  private broken: FicusError | undefined;

  constructor(
    private readonly config: JsonLinesTransportConfig,
    private readonly options: JsonLinesSinkOptions = {},
  ) {
    this.stdout = options.stdout ?? process.stdout;
  }

  private get target(): string {
    return this.config.path === STDOUT_PATH ? 'standard output' : this.config.path;
  }

  async start(): Promise<void> {
    if (this.config.path === STDOUT_PATH) {
      // A reader that goes away (`ficus-cdc run | head`) is EPIPE on the stream: without a
      // listener, an uncaught exception.
      this.stdout.on('error', (err) => (this.broken ??= this.writeFailed(err)));
      return;
    }
    try {
      // a+: appends whatever the position, and lets the tail be read back.
      this.file = await open(this.config.path, 'a+');
      await this.cutPartialLine(this.file);
    } catch (err) {
      await this.file?.close().catch(() => undefined);
      this.file = undefined;
      throw new ConfigError(
        'FICUS_CDC_JSONL_UNWRITABLE',
        `cannot append change events to ${this.config.path} (${errorMessage(err)}); ` +
          'set transport.path to a file this process may write, or - for standard output',
        { cause: err },
      );
    }
  }

  async deliver(records: ChangeRecord[]): Promise<void> {
    // Once a write failed, nothing more is written: a later batch (or the dead letter the pipeline
    // would make of a record it takes to be refused) must not land after a gap.
    if (this.broken) throw this.broken;
    const file = this.file;
    if (this.config.path !== STDOUT_PATH && !file) {
      throw new FicusError('FICUS_CDC_NOT_STARTED', `${this.target} is not open for writing`);
    }
    const text = records.map(toLine).join('');
    try {
      if (file) {
        await file.appendFile(text);
        await file.datasync();
      } else {
        await write(this.stdout, text);
      }
    } catch (err) {
      this.broken ??= this.writeFailed(err);
      throw this.broken;
    }
  }

  async stop(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private writeFailed(err: unknown): FicusError {
    return new FicusError(
      'FICUS_CDC_JSONL_WRITE_FAILED',
      `could not write change events to ${this.target} (${errorMessage(err)}); ` +
        'the offset stays at the last line written: fix the output and restart the connector',
      { cause: err, retriable: false },
    );
  }

  /**
   * A line without its newline was being written when the process or the machine stopped; its
   * offset was never committed, so it comes again. Cut it, or the next line would be glued to it.
   */
  private async cutPartialLine(file: FileHandle): Promise<void> {
    const { size } = await file.stat();
    let end = size;
    const buffer = Buffer.alloc(TAIL_CHUNK);
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const { bytesRead } = await file.read(buffer, 0, end - start, start);
      const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end === size) return;
    await file.truncate(end);
    this.options.logger?.warn(
      { path: this.config.path, bytes: size - end },
      'cut a partial last line left by an interrupted write; its event is written again',
    );
  }
}

function toLine(record: ChangeRecord): string {
  try {
    const { topic, key, value, headers } = record;
    return `${JSON.stringify({ topic, key, value, headers })}\n`;
  } catch (err) {
    // A value JSON cannot hold: the record itself is at fault, so the pipeline dead-letters it.
    throw new FicusError(
      'FICUS_CDC_JSONL_UNSERIALIZABLE',
      `a change event on ${record.topic} cannot be written as JSON: ${errorMessage(err)}`,
      { cause: err, retriable: false },
    );
  }
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
