import type { IncomingMessage, ServerResponse } from 'node:http';
import { endToEndHeaders } from './hop-by-hop';

/** Response headers the gateway sets itself; the upstream's copies are dropped. */
export const REPLACED_RESPONSE: ReadonlySet<string> = new Set([
  'x-request-id',
  'x-ficus-route',
  'x-ficus-upstream',
]);

/**
 * Streams an upstream response to the client with the gateway's own headers added (after the
 * upstream's, in one header list), keeping a copy of at most `copyMax` bytes of its body.
 */
export function relay(
  upstream: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly string[],
  copyMax = 0,
): Promise<Relayed> {
  writeAnswerHead(upstream, res, extraHeaders);
  return new Promise((done) => new Relay(upstream, res, copyMax, done));
}

/** `relay` for a caller that needs neither the outcome nor a copy of the body. */
export function passOn(
  upstream: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly string[],
): void {
  writeAnswerHead(upstream, res, extraHeaders);
  new Relay(upstream, res, 0, ignore);
}

function ignore(): void {}

function writeAnswerHead(
  upstream: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly string[],
): void {
  const headers = endToEndHeaders(upstream.rawHeaders, REPLACED_RESPONSE);
  for (const value of extraHeaders) headers.push(value);
  res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
}

/** How a relay ended; `copy` is the body when it fitted in the copy bound. */
export interface Relayed {
  failed: boolean;
  copy: Buffer | undefined;
}

const kRelay = Symbol('ficus.relay');

type Relaying<T> = T & { [kRelay]?: Relay };

/**
 * One response on its way to the client. Piped by hand, not with stream.pipeline(), which
 * allocates an AbortController and, on every completion, a DOMException (~6% of the gateway's CPU
 * under load); its events go to shared handlers that find the relay through a symbol, so a
 * response costs one object here rather than a closure per event.
 */
class Relay {
  private settled = false;
  private chunks: Buffer[] | undefined;
  private bytes = 0;

  constructor(
    readonly upstream: Relaying<IncomingMessage>,
    readonly res: Relaying<ServerResponse>,
    private readonly copyMax: number,
    private readonly done: (result: Relayed) => void,
  ) {
    upstream[kRelay] = this;
    res[kRelay] = this;
    res.on('finish', onResponseFinish);
    res.on('close', onResponseClose);
    upstream.on('error', onUpstreamError);
    upstream.on('close', onUpstreamClose);
    if (copyMax > 0) {
      this.chunks = [];
      upstream.on('data', onUpstreamData);
    }
    upstream.pipe(res);
  }

  keep(chunk: Buffer): void {
    if (!this.chunks) return;
    this.bytes += chunk.length;
    if (this.bytes > this.copyMax) this.chunks = undefined;
    else this.chunks.push(chunk);
  }

  finish(failed: boolean): void {
    if (this.settled) return;
    this.settled = true;
    if (failed) {
      // A response cut half-way can only be signalled by cutting the client connection too.
      this.upstream.destroy();
      if (!this.res.writableFinished) this.res.destroy();
    }
    const chunks = this.chunks;
    const copy =
      failed || !chunks ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    this.done({ failed, copy });
  }
}

function onResponseFinish(this: Relaying<ServerResponse>): void {
  this[kRelay]?.finish(false);
}

function onResponseClose(this: Relaying<ServerResponse>): void {
  this[kRelay]?.finish(!this.writableFinished);
}

function onUpstreamError(this: Relaying<IncomingMessage>): void {
  this[kRelay]?.finish(true);
}

function onUpstreamClose(this: Relaying<IncomingMessage>): void {
  if (!this.complete) this[kRelay]?.finish(true);
}

function onUpstreamData(this: Relaying<IncomingMessage>, chunk: Buffer): void {
  this[kRelay]?.keep(chunk);
}
