import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { FicusError } from '@ficus/core';
import type { Problem } from './problem';

export class BodyTooLargeError extends FicusError {
  constructor(limit: number) {
    super(
      'FICUS_BODY_TOO_LARGE',
      `the request body is larger than ${limit} bytes; send a smaller body or raise limits.maxBodyBytes`,
    );
  }
}

/**
 * A pass-through on a streamed body that enforces a size limit and keeps a bounded copy (for a
 * shadow request or a parity comparison). Past `copyMax` bytes the copy is dropped, never the stream.
 */
export class BodyTap extends Transform {
  bytes = 0;
  limitExceeded = false;
  /** Why the gateway cut the body short for a reason other than its size so far (a chunk size). */
  refusal: Problem | undefined;
  private chunks: Buffer[] | undefined;

  constructor(
    private readonly limit: number,
    private readonly copyMax: number,
  ) {
    super();
    this.chunks = copyMax > 0 ? [] : undefined;
  }

  /** Ends the body with `problem` as the client's answer: the upstream request fails with it. */
  refuse(problem: Problem): void {
    if (this.refusal || this.destroyed) return;
    this.refusal = problem;
    this.destroy(new FicusError(problem.code, problem.detail ?? problem.title));
  }

  /** The whole body when it fitted in the copy bound, else undefined. */
  copy(): Buffer | undefined {
    return this.chunks ? Buffer.concat(this.chunks) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.limitExceeded = true;
      done(new BodyTooLargeError(this.limit));
      return;
    }
    if (this.chunks) {
      if (this.bytes > this.copyMax) this.chunks = undefined;
      else this.chunks.push(chunk);
    }
    done(null, chunk);
  }
}

/** Reads a whole body whose size is already known to be bounded (a replayable request). */
export async function readBody(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > limit) throw new BodyTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
