import type { GatewayConfig } from '../config/config.schema';
import type { ReconciliationReading } from './reconciliation-reading';
import { TargetWatch, type TargetWatchOptions } from './target-watch';

export const RECONCILIATION_PATH = '/sync/reconciliation';

type KnownReconciliation = Extract<ReconciliationReading, { state: 'known' }>;

function parseReport(body: unknown): KnownReconciliation | string {
  const report = body as { clean?: unknown; remaining?: unknown; finishedAt?: unknown };
  if (
    typeof report.clean !== 'boolean' ||
    typeof report.remaining !== 'number' ||
    typeof report.finishedAt !== 'string'
  ) {
    return 'is not a reconciliation report';
  }
  return {
    state: 'known',
    clean: report.clean,
    remaining: report.remaining,
    finishedAt: report.finishedAt,
  };
}

/**
 * The last reconciliation report of each upstream that a route gated by `reconciliationClean`
 * targets (GET <target>/sync/reconciliation).
 */
export class ReconciliationWatch extends TargetWatch<KnownReconciliation> {
  constructor(config: () => GatewayConfig, options: Partial<TargetWatchOptions> = {}) {
    super(
      config,
      {
        path: RECONCILIATION_PATH,
        needed: (set) => set.reconciliationClean === true,
        parse: parseReport,
      },
      options,
    );
  }
}
