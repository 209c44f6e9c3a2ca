import ZongJi, { type AnyBinlogEvent, type ZongJiOptions } from '@vlasky/zongji';
import type { ConnectionOptions } from 'mysql2';

/** The events the stream needs: transaction boundaries, DDL, table maps and rows. */
const INCLUDE_EVENTS = [
  'rotate',
  'format',
  'mariadbgtid',
  'mariadbgtidlist',
  'gtid',
  'anonymousgtid',
  'previousgtids',
  'query',
  'xid',
  'xaprepare',
  'heartbeat',
  'tablemap',
  'writerows',
  'updaterows',
  'deleterows',
];

const EVENT_HEADER_BYTES = 19;
const CHECKSUM_BYTES = 4;

export interface BinlogStart {
  /** Resume from a binlog file and position (always a transaction boundary). */
  file?: string;
  pos?: number;
  /** Or from an executed GTID position/set; the server then finds the file itself. */
  gtidSet?: string;
}

export interface BinlogReaderOptions {
  connection: ConnectionOptions;
  serverId: number;
  includeSchema: Record<string, string[] | true>;
  onEvent: (event: AnyBinlogEvent) => void;
  onError: (err: Error) => void;
}

/**
 * One zongji replication connection. zongji delivers events synchronously; `pause()` stops
 * reading the socket, so a slow sink holds the server back instead of filling this process's
 * memory (the TCP window and the server's dump thread absorb the rest).
 */
export class BinlogReader {
  private zongji: ZongJi | undefined;
  private paused = false;

  constructor(private readonly options: BinlogReaderOptions) {}

  async start(from: BinlogStart): Promise<void> {
    const zongji = new ZongJi({ ...this.options.connection });
    this.zongji = zongji;
    const start: ZongJiOptions = {
      serverId: this.options.serverId,
      includeEvents: INCLUDE_EVENTS,
      includeSchema: this.options.includeSchema,
    };
    if (from.gtidSet !== undefined) start.gtidSet = from.gtidSet;
    else if (from.file) Object.assign(start, { filename: from.file, position: from.pos ?? 4 });
    else start.startAtEnd = true;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      zongji.on('ready', () => {
        ready = true;
        resolve();
      });
      zongji.on('error', (err: Error) => {
        if (!ready) reject(err);
        else this.options.onError(err);
      });
      zongji.on('binlog', (event: AnyBinlogEvent) => this.options.onEvent(event));
      zongji.start(start);
    });
  }

  /** Executed GTIDs as zongji tracks them, when it could seed them exactly. */
  get gtidSet(): string | undefined {
    return this.zongji?.gtidSet;
  }

  /**
   * Where an event starts: its end minus its length. zongji's `size` leaves out the 19-byte
   * common header and, when the server checksums events, the 4-byte CRC32 after the body.
   */
  eventStart(event: AnyBinlogEvent): number {
    const overhead = EVENT_HEADER_BYTES + (this.zongji?.useChecksum ? CHECKSUM_BYTES : 0);
    return Math.max(0, event.nextPosition - event.size - overhead);
  }

  get isMariaDb(): boolean {
    return this.zongji?.isMariaDb ?? true;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.zongji?.connection?.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.zongji?.connection?.resume();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  async stop(): Promise<void> {
    const zongji = this.zongji;
    this.zongji = undefined;
    this.paused = false;
    if (!zongji) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      zongji.once('stopped', () => {
        clearTimeout(timer);
        resolve();
      });
      zongji.removeAllListeners('binlog');
      zongji.removeAllListeners('error');
      zongji.on('error', () => undefined);
      zongji.stop();
    });
  }
}
