import type { OutgoingHttpHeaders } from 'node:http';
import type { Logger } from '@ficus/core';
import type { RouteConfig } from '../config/config.schema';
import type { RouteInstruments } from '../metrics/route-instruments';
import type { ParityTracker } from '../parity/parity-tracker';
import { compareResponses, type CapturedResponse } from '../parity/response-compare';
import type { AutoRollback } from '../rollback/auto-rollback';
import { ForwardError } from '../http/forwarder';
import { isUnrouted } from '../http/unrouted';
import type { Difference } from '../parity/json-diff';
import { endpointTemplate } from '../progress/endpoint-template';
import { LoadGauge, shadowShare } from './load-gauge';
import { SAFE_METHODS, type ShadowCapacity } from './shadow-decision';
import type { ShadowClient } from './shadow-client';
import type { Upstream } from '../http/upstream-pool';

/** Shadow copies in flight at once; beyond this they are skipped (and counted), never queued. */
const MAX_IN_FLIGHT = 64;

export const DEFAULT_PARITY_BODY_BYTES = 1024 * 1024;

/** A request copy for the target, as a dry run. */
export interface ShadowCopy {
  route: RouteConfig;
  instruments: RouteInstruments;
  target: Upstream;
  method: string;
  /** The target the route's upstream is sent: `url`, its prefix rewritten when the route says so. */
  targetUrl: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export interface ShadowJob extends ShadowCopy {
  legacy: Upstream;
  /** The target legacy is sent (and asked again with, for noise). */
  url: string;
  legacyResponse: CapturedResponse;
}

/** The target's answer to a copy sent before legacy was asked (ShadowRunner.first). */
export interface FirstAnswer {
  candidate: CapturedResponse | ForwardError;
  ms: number;
}

/**
 * Sends shadow copies to the new service after legacy has answered the client, and compares the
 * two answers. Nothing here can change the client's response, nor delay it, but for a write
 * decided first (first()): its wait is bounded by the target's timeoutMs. For a sample of safe
 * requests legacy is asked a second time: fields that differ between two legacy answers are noise
 * (timestamps, generated ids) and are ignored from then on (Twitter's Diffy does the same).
 */
export class ShadowRunner implements ShadowCapacity {
  private inFlight = 0;
  private readonly load = new LoadGauge();

  constructor(
    private readonly client: ShadowClient,
    private readonly parity: ParityTracker,
    private readonly rollback: AutoRollback,
    private readonly log: Logger,
    /** Event-loop utilisation above which copies yield to client traffic (limits.shadowYieldAbove). */
    private readonly yieldAbove = 0.8,
  ) {}

  get full(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT;
  }

  get share(): number {
    return shadowShare(this.load.utilization, this.yieldAbove);
  }

  close(): void {
    this.load.close();
  }

  /** Starts a copy that shadow-decision.ts let through. */
  run(job: ShadowJob): void {
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

  /**
   * Sends a write's dry-run copy before legacy is asked, so that the target decides it on the
   * state legacy's write will find, and waits for its answer: at most the target's timeoutMs, past
   * which the answer counts as a timeout and the caller goes on to legacy. A copy still running
   * then counts against the in-flight cap until it settles. Never rejects.
   */
  async first(copy: ShadowCopy): Promise<FirstAnswer> {
    const max = copy.route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES;
    this.inFlight++;
    const sentAt = performance.now();
    const sent = this.fetch(copy.target, copy.targetUrl, copy, true, max);
    void sent.finally(() => this.inFlight--);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<ForwardError>((done) => {
      timer = setTimeout(
        () => done(new ForwardError('timeout', copy.target.name)),
        copy.target.timeoutMs,
      );
    });
    const candidate = await Promise.race([sent, bound]);
    clearTimeout(timer);
    return { candidate, ms: performance.now() - sentAt };
  }

  /** Compares the answer to a copy sent first (first()) with legacy's. */
  judge(job: ShadowJob, answer: FirstAnswer): void {
    this.settle(job, answer.candidate, answer.ms).catch((err: unknown) =>
      this.log.warn(
        { route: job.route.name, err: (err as Error).message },
        'shadow comparison failed',
      ),
    );
  }

  private async compare(job: ShadowJob): Promise<void> {
    const max = job.route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES;
    const sentAt = performance.now();
    // The x-ficus-shadow header asks the target for a dry run; see ShadowConfig.writes.
    const candidate = await this.fetch(job.target, job.targetUrl, job, true, max);
    await this.settle(job, candidate, performance.now() - sentAt);
  }

  private async settle(
    job: ShadowJob,
    candidate: CapturedResponse | ForwardError,
    ms: number,
  ): Promise<void> {
    const { route } = job;
    const max = route.parity?.maxBodyBytes ?? DEFAULT_PARITY_BODY_BYTES;
    if (candidate instanceof ForwardError) {
      this.rollback.record(route, ms, true);
      job.instruments.upstreamError('new', candidate.kind);
      this.parity.skip(route.name, 'target_failed', job.instruments);
      return;
    }
    this.rollback.record(route, ms, candidate.status >= 500);
    const options = {
      headers: route.parity?.headers ?? ['content-type'],
      skip: this.parity.skipper(route.name, route.parity),
    };
    let diffs = compareResponses(job.legacyResponse, candidate, options);
    // Only a difference needs explaining: then legacy is asked again, and the paths on which its
    // two answers differ are noise (Diffy's idea), learned before the difference is counted.
    // Comparisons that match cost legacy nothing more.
    if (
      diffs &&
      diffs.length > 0 &&
      SAFE_METHODS.has(job.method) &&
      this.parity.wantsNoiseSample(route.name, route.parity, route.slo?.window)
    ) {
      const again = await this.fetch(job.legacy, job.url, job, false, max);
      const noise =
        again instanceof ForwardError
          ? undefined
          : compareResponses(job.legacyResponse, again, {
              headers: options.headers,
              skip: () => false,
            });
      if (noise) {
        this.parity.learnNoise(route.name, noise);
        if (noise.length > 0) diffs = compareResponses(job.legacyResponse, candidate, options);
      }
    }
    if (diffs) this.parity.record(route.name, statusNamed(diffs, job, candidate), job.instruments);
    else this.parity.skip(route.name, 'body_too_large', job.instruments);
    this.rollback.check(route);
  }

  private fetch(
    upstream: Upstream,
    url: string,
    job: ShadowCopy,
    dryRun: boolean,
    max: number,
  ): Promise<CapturedResponse | ForwardError> {
    return this.client.send(upstream, {
      method: job.method,
      url,
      headers: job.headers,
      dryRun,
      body: job.body,
      maxBodyBytes: max,
    });
  }
}

/**
 * A status difference names the endpoint and both statuses (`status of POST /api/patients/:id/merge:
 * legacy 200, target 404 no such route`): a target that lacks an endpoint shows where. The
 * endpoint is its template (ids collapsed, no query string), never the path as sent.
 */
function statusNamed(
  diffs: Difference[],
  job: ShadowJob,
  candidate: CapturedResponse,
): Difference[] {
  if (!diffs.some((d) => d.kind === 'status')) return diffs;
  const unrouted = isUnrouted(candidate.status, candidate.headers) ? ' no such route' : '';
  const path = `status of ${job.method} ${endpointTemplate(job.url, job.route.path)}: legacy ${job.legacyResponse.status}, target ${candidate.status}${unrouted}`;
  return diffs.map((d) => (d.kind === 'status' ? { ...d, path } : d));
}
