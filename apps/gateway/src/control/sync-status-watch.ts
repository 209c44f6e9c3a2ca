import type { GatewayConfig } from '../config/config.schema';
import type { SyncDirectionReading, SyncReading } from './sync-reading';
import { TargetWatch, type TargetWatchOptions } from './target-watch';

export const SYNC_STATUS_PATH = '/sync/status';

type KnownSync = Extract<SyncReading, { state: 'known' }>;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isLag = (v: unknown): v is number | null => v === null || isCount(v);

/** A direction's status, or undefined when the body does not hold one. */
function direction(value: unknown): SyncDirectionReading | null | undefined {
  if (value === null) return null;
  const d = (value ?? {}) as { state?: unknown; lagMs?: { p99?: unknown }; deadLetters?: unknown };
  const p99 = d.lagMs?.p99;
  if (typeof d.state !== 'string' || !isLag(p99) || !isCount(d.deadLetters)) return undefined;
  return { state: d.state, p99Ms: p99, deadLetters: d.deadLetters };
}

function parseStatus(body: unknown): KnownSync | string {
  const status = body as { enabled?: unknown; inbound?: unknown; writeBack?: unknown };
  if (status.enabled === false) return 'says the sync is not enabled there';
  const inbound = direction(status.inbound);
  const writeBack = direction(status.writeBack);
  if (status.enabled !== true || inbound === undefined || writeBack === undefined)
    return 'is not a sync status';
  return { state: 'known', inbound, writeBack };
}

/**
 * The sync status of each upstream that a route gated by `maxCdcLagMs`, `maxSyncLagMs` or
 * `maxDeadLetters` targets (GET <target>/sync/status: lag and counts, never patient data).
 */
export class SyncStatusWatch extends TargetWatch<KnownSync> {
  constructor(config: () => GatewayConfig, options: Partial<TargetWatchOptions> = {}) {
    super(
      config,
      {
        path: SYNC_STATUS_PATH,
        needed: (set) =>
          set.maxCdcLagMs !== undefined ||
          set.maxSyncLagMs !== undefined ||
          set.maxDeadLetters !== undefined,
        parse: parseStatus,
      },
      options,
    );
  }
}
