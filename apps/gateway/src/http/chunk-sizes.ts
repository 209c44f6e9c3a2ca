import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Reads the chunk sizes of a chunked request body as they arrive, which Node never shows: its
 * parser takes any size that fits in 64 bits (`FFFFFFFFFFFFFFFF` included) and then waits for the
 * bytes, so a request announcing more than the gateway would ever take held an upstream connection
 * until the request timeout. nginx answers 400 to a size it cannot hold (over 2^63 - 1) and 413 to
 * one that would take the body over its limit; so does the gateway, as soon as the size line ends.
 *
 * Node's parser reads the socket natively, so for a chunked request (rare next to bodiless ones)
 * the bytes it was handed are read once more here: the rest of the packet holding the headers, then
 * every packet of the body, with the parser taken off the native path (`unconsume`, as Node does for
 * an upgrade) so that they pass through JavaScript first. The watch only ever starts where it knows
 * the body begins (a packet that starts with this request's line), follows the chunked grammar
 * strictly, and stops at the first byte it does not expect: the parser, which refuses malformed
 * framing itself, stays the judge of syntax, and a size is only ever read where it read one.
 */

/** What a chunk size line said that the gateway refuses. */
export type ChunkRefusal = 'unbounded' | 'too_large';

const enum State {
  Size,
  Extension,
  SizeEnd,
  Data,
  DataCr,
  DataLf,
  Done,
}

const CR = 13;
const LF = 10;

/** 2^63 - 1 in hexadecimal, 16 digits: a longer size, or a larger one as long, is unbounded. */
const MAX_SIZE_HEX = '7fffffffffffffff';

interface NodeParser {
  getCurrentBuffer(): Buffer;
  unconsume(): void;
  _consumed?: boolean;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

class ChunkWatch {
  private state = State.Size;
  private digits = '';
  private remaining = 0;
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly socket: Socket,
    private readonly refuse: (why: ChunkRefusal) => void,
  ) {}

  readonly onData = (data: Buffer): void => this.feed(data, 0);

  get done(): boolean {
    return this.state === State.Done;
  }

  stop(): void {
    this.state = State.Done;
    this.socket.removeListener('data', this.onData);
  }

  feed(data: Buffer, from: number): void {
    let i = from;
    while (i < data.length && this.state !== State.Done) {
      if (this.state === State.Data) {
        const take = Math.min(this.remaining, data.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = State.DataCr;
        continue;
      }
      this.step(data[i]!);
      i++;
    }
  }

  private step(byte: number): void {
    switch (this.state) {
      case State.Size:
        if (hexValue(byte) !== -1 && this.digits.length <= 16)
          this.digits += String.fromCharCode(byte);
        else if (byte === 59 && this.digits !== '') this.state = State.Extension;
        else if (byte === CR && this.digits !== '') this.state = State.SizeEnd;
        else this.stop();
        return;
      case State.Extension:
        if (byte === CR) this.state = State.SizeEnd;
        return;
      case State.SizeEnd:
        if (byte === LF) this.sized();
        else this.stop();
        return;
      case State.DataCr:
        if (byte === CR) this.state = State.DataLf;
        else this.stop();
        return;
      case State.DataLf:
        if (byte === LF) this.state = State.Size;
        else this.stop();
        return;
      case State.Data:
      case State.Done:
        return;
    }
  }

  private sized(): void {
    const digits = this.digits.replace(/^0+/, '').toLowerCase();
    this.digits = '';
    if (digits === '') {
      // The last chunk: trailers follow, and the parser reads them.
      this.stop();
      return;
    }
    if (digits.length > 16 || (digits.length === 16 && digits > MAX_SIZE_HEX)) {
      this.stop();
      this.refuse('unbounded');
      return;
    }
    const size = Number.parseInt(digits, 16);
    if (this.total + size > this.limit) {
      this.stop();
      this.refuse('too_large');
      return;
    }
    this.total += size;
    this.remaining = size;
    this.state = State.Data;
  }
}

/**
 * Watches the chunk sizes of `req`, a chunked request whose headers Node's parser has just read
 * (call it from the 'request' event, before returning); `refuse` is called at most once. Returns a
 * function that stops the watch, or undefined when the body's start cannot be known for certain
 * (the headers began in an earlier packet), in which case only the size limit on the bytes that
 * arrive applies, as before.
 */
export function watchChunkSizes(
  req: IncomingMessage,
  limit: number,
  refuse: (why: ChunkRefusal) => void,
): (() => void) | undefined {
  const socket = req.socket;
  const parser = (socket as Socket & { parser?: NodeParser }).parser;
  if (!parser || typeof parser.getCurrentBuffer !== 'function') return undefined;
  const packet = parser.getCurrentBuffer();
  const line = `${req.method} ${req.url} HTTP/`;
  const end = packet.indexOf('\r\n\r\n');
  if (end === -1 || packet.toString('latin1', 0, line.length) !== line) return undefined;
  const watch = new ChunkWatch(limit, socket, refuse);
  if (parser._consumed) {
    parser.unconsume();
    parser._consumed = false;
  }
  watch.feed(packet, end + 4);
  if (watch.done) return undefined;
  socket.prependListener('data', watch.onData);
  req.once('end', () => watch.stop());
  req.once('close', () => watch.stop());
  return () => watch.stop();
}
