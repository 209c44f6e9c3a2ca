import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Logger } from '@ficus/core';
import type { RouteConfig } from '../config/config.schema';
import type { RouteInstruments } from '../metrics/route-instruments';
import type { ParityTracker } from '../parity/parity-tracker';
import { compareResponses, type CapturedResponse } from '../parity/response-compare';
import type { AutoRollback } from '../rollback/auto-rollback';
import { ForwardError, type Forwarder } from './forwarder';
import { withHeader } from './request-headers';
import type { Upstream } from './upstream-pool';

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Shadow copies in flight at once; beyond this they are skipped (and counted), never queued. */
const MAX_IN_FLIGHT = 64;

export const DEFAULT_PARITY_BODY_BYTES = 1024 * 1024;

export interface ShadowJob {
  route: RouteConfig;
  instruments: RouteInstruments;
  target: Upstream;
  legacy: Upstream;
  method: string;
  url: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  legacyResponse: CapturedResponse;
}

/**
 * Reads a response, keeping at most `max` bytes; a larger body is drained and reported as
 * undefined. Event handlers rather than `for await`, whose async iterator costs a promise per chunk.
 */
function capture(res: IncomingMessage, max: number): Promise<CapturedResponse> {
  return new Promise((done, fail) => {
    let chunks: Buffer[] | undefined = [];
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) chunks = undefined;
      else chunks?.push(chunk);
    });
    res.once('error', fail);
    res.once('close', () => {
      if (!res.complete) fail(new Error('the response was cut short'));
    });
    res.once('end', () => {
      const body = chunks && (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      done({ status: res.statusCode ?? 0, headers: res.headers, body });
    });
  });
}

/**
 * Sends shadow copies to the new service after legacy has answered the client, and compares the
 * two answers. Nothing here can delay or change the client's response. For a sample of safe
 * requests legacy is asked a second time: fields that differ between two legacy answers are noise
 * (timestamps, generated ids) and are ignored from then on (Twitter's Diffy does the same).
 */
export class ShadowRunner {
  private inFlight = 0;

  constructor(
    private readonly forwarder: Forwarder,
    private readonly parity: ParityTracker,
    private readonly rollback: AutoRollback,
    private readonly log: Logger,
  ) {}

  run(job: ShadowJob): void {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.parity.skip(job.route.name, 'overload', job.instruments);
      return;
    }
    this.inFlight++;
    this.compare(job)
      .catch((err: unknown) =>
        this.log.warn(
          { route: job.route.name, err: (err as Error).message },
          'shadow comparison failed',
        ),
      )
      .finally(() => this.inFlight--);
  }

  private async compare(job: ShadowJob): Promise<void> {
    const { route } = job;
    const max = route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES;
    const sentAt = performance.now();
    // The x-ficus-shadow header asks the target for a dry run; see ShadowConfig.writes.
    const candidate = await this.fetch(job.target, job, true, max);
    const ms = performance.now() - sentAt;
    if (candidate instanceof ForwardError) {
      this.rollback.record(route, ms, true);
      job.instruments.upstreamError('new', candidate.kind);
      this.parity.skip(route.name, 'target_failed', job.instruments);
      return;
    }
    this.rollback.record(route, ms, candidate.status >= 500);
    if (
      SAFE_METHODS.has(job.method) &&
      this.parity.wantsNoiseSample(route.name, route.parity, route.slo?.window)
    ) {
      const again = await this.fetch(job.legacy, job, false, max);
      if (!(again instanceof ForwardError)) {
        const noise = compareResponses(job.legacyResponse, again, {
          headers: route.parity?.headers ?? ['content-type'],
          skip: () => false,
        });
        if (noise) this.parity.learnNoise(route.name, noise);
      }
    }
    const diffs = compareResponses(job.legacyResponse, candidate, {
      headers: route.parity?.headers ?? ['content-type'],
      skip: this.parity.skipper(route.name, route.parity),
    });
    if (diffs) this.parity.record(route.name, diffs, job.instruments);
    else this.parity.skip(route.name, 'body_too_large', job.instruments);
    this.rollback.check(route);
  }

  private async fetch(
    upstream: Upstream,
    job: ShadowJob,
    dryRun: boolean,
    max: number,
  ): Promise<CapturedResponse | ForwardError> {
    const exchange = this.forwarder.send({
      upstream,
      method: job.method,
      url: job.url,
      headers: dryRun ? withHeader(job.headers, 'x-ficus-shadow', '1') : job.headers,
      body: job.body.length ? job.body : null,
    });
    try {
      return await capture(await exchange.response, max);
    } catch (err) {
      exchange.request.destroy();
      if (err instanceof ForwardError) return err;
      return new ForwardError('reset', upstream.name, err);
    }
  }
}
