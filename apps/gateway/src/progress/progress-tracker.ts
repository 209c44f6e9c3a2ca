import { errorMessage, type Logger } from '@ficus/core';
import { HTTP_METHODS } from '../config/config.schema';
import { endpointTemplate, OTHER_TEMPLATE } from './endpoint-template';
import {
  addProgress,
  copyProgress,
  endpointKey,
  type EndpointProgress,
  type ProgressSide,
  type ProgressStore,
} from './progress';

/** Any other method is counted as OTHER, so a client cannot mint endpoints with made-up methods. */
const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);
/** Paths whose template was worked out lately; cleared when full, so it stays bounded. */
const MEMO_SIZE = 4096;
/**
 * Rows read from the store, as a multiple of the cap: those past the cap are folded into
 * `(other)`; a store holding more still (many replicas, each learning new endpoints) shows the
 * most requested ones.
 */
const STORE_READ_FACTOR = 4;

/** One answered request, as the data plane reports it (proxy/call.ts). */
export interface AnsweredRequest {
  route: string;
  /** The matched route's path pattern: its parameters are ids whatever they look like. */
  pattern: string | undefined;
  method: string;
  path: string;
  side: ProgressSide;
  unrouted: boolean;
  failedOpen: boolean;
}

export interface ProgressTrackerOptions {
  /** Endpoints kept, all routes together; past it, a new endpoint counts as its route's `(other)`. */
  maxEndpoints: number;
  /** Words templates keep whatever their case: the literal segments of the routes' paths. */
  vocabulary?: ReadonlySet<string>;
  now?: () => Date;
  /** Told of each unrouted request (a metric). */
  onUnrouted?: (route: string) => void;
}

/**
 * The strangling progress per endpoint: what the data plane answered, gathered in memory as
 * deltas and added to the store at each flush (ProgressStore: MySQL or memory). Reads merge what
 * the store held at the last flush with the deltas not yet flushed. The number of endpoints is
 * capped: an adversarial client sending a new path each request grows one `(other)` row per route
 * and method, never the memory.
 */
export class ProgressTracker {
  private pending = new Map<string, EndpointProgress>();
  private stored: EndpointProgress[] = [];
  private known = new Set<string>();
  private since: Date;
  private readonly memo = new Map<string, string>();
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: ProgressStore,
    private readonly options: ProgressTrackerOptions,
    private readonly log?: Logger,
  ) {
    this.now = options.now ?? (() => new Date());
    this.since = this.now();
  }

  get persistent(): boolean {
    return this.store.persistent;
  }

  /** Loads what the store holds, then flushes every `everyMs`. */
  async start(everyMs: number): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  /** Stops flushing and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(request: AnsweredRequest): void {
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    const memoKey =
      request.pattern === undefined ? request.path : `${request.pattern} ${request.path}`;
    let template = this.memo.get(memoKey);
    if (template === undefined) {
      template = endpointTemplate(request.path, request.pattern, this.options.vocabulary);
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(memoKey, template);
    }
    let key = endpointKey(request.route, method, template);
    if (!this.known.has(key)) {
      if (this.known.size >= this.options.maxEndpoints) {
        template = OTHER_TEMPLATE;
        key = endpointKey(request.route, method, template);
      }
      this.known.add(key);
    }
    const at = this.now();
    let row = this.pending.get(key);
    if (!row) {
      row = emptyRow(request.route, method, template, at);
      this.pending.set(key, row);
    }
    row.lastHit = at;
    row[request.side] += 1;
    if (request.side === 'legacy') row.lastLegacy = at;
    else if (request.side === 'new') row.lastNew = at;
    if (request.failedOpen) row.failOpen += 1;
    if (request.unrouted) {
      row.unrouted += 1;
      row.lastUnrouted = at;
      this.options.onUnrouted?.(request.route);
    }
  }

  /** Every endpoint: the store's counts at the last flush plus those gathered since. */
  endpoints(): EndpointProgress[] {
    const merged = new Map<string, EndpointProgress>();
    for (const row of this.stored)
      merged.set(endpointKey(row.route, row.method, row.template), copyProgress(row));
    for (const [key, row] of this.pending) {
      const into = merged.get(key);
      if (into) addProgress(into, row);
      else merged.set(key, copyProgress(row));
    }
    return [...merged.values()];
  }

  /** Since when requests have been counted: a hit before it is not known. */
  countingSince(): Date {
    return this.since;
  }

  /** Adds the deltas to the store and reads it back; a failed write is kept for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const deltas = this.pending;
    this.pending = new Map();
    try {
      if (deltas.size) await this.store.add([...deltas.values()]);
    } catch (err) {
      for (const [key, row] of deltas) {
        const since = this.pending.get(key);
        if (since) addProgress(row, since);
        this.pending.set(key, row);
      }
      this.log?.warn({ err: errorMessage(err) }, 'could not store progress; retrying later');
      return;
    }
    await this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const [rows, since] = await Promise.all([
        this.store.endpoints(this.options.maxEndpoints * STORE_READ_FACTOR),
        this.store.countingSince(),
      ]);
      this.stored = capped(rows, this.options.maxEndpoints);
      this.since = since;
      this.known = new Set(rows.map((r) => endpointKey(r.route, r.method, r.template)));
      for (const key of this.pending.keys()) this.known.add(key);
    } catch (err) {
      this.log?.warn({ err: errorMessage(err) }, 'could not read progress; showing the last read');
    }
  }
}

/**
 * The endpoints kept (most requested first) and the rest added to their route and method's
 * `(other)`: replicas learning different endpoints at once may store a few more than the cap.
 */
function capped(rows: readonly EndpointProgress[], max: number): EndpointProgress[] {
  const kept = new Map<string, EndpointProgress>();
  let endpoints = 0;
  for (const row of rows) {
    const fold = row.template !== OTHER_TEMPLATE && endpoints >= max;
    if (!fold && row.template !== OTHER_TEMPLATE) endpoints++;
    const template = fold ? OTHER_TEMPLATE : row.template;
    const key = endpointKey(row.route, row.method, template);
    const into = kept.get(key);
    if (into) addProgress(into, row);
    else kept.set(key, { ...row, template });
  }
  return [...kept.values()];
}

function emptyRow(route: string, method: string, template: string, at: Date): EndpointProgress {
  return {
    route,
    method,
    template,
    legacy: 0,
    new: 0,
    gateway: 0,
    unrouted: 0,
    failOpen: 0,
    firstHit: at,
    lastHit: at,
    lastLegacy: null,
    lastNew: null,
    lastUnrouted: null,
  };
}
