import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Gauge, Registry } from 'prom-client';
import { LegacySync } from './legacy-sync.service';
import { ReconciliationRunningError, type ReconciliationReport } from './patient-reconciliation';

const ENTITY = 'patients';

interface Problem {
  code: string;
  message: string;
}

/** Without a clinic database there is no second store to compare with. */
function disabled(res: Response): Problem {
  res.status(409);
  return {
    code: 'FICUS_PATIENTS_SYNC_DISABLED',
    message:
      'no clinic database is configured (PATIENTS_LEGACY_DATABASE_URL), so there is nothing to reconcile',
  };
}

/**
 * Reconciliation of the clinic's patients with the service's: run it (optionally repairing), read
 * the last report, and the figures as Prometheus metrics. Counts and field paths only.
 */
@Controller()
export class ReconciliationHttpController {
  private readonly registry = new Registry();
  private readonly differences = new Gauge({
    name: 'ficus_reconciliation_differences',
    help: 'Rows that differed at the last reconciliation, by kind; kind="remaining" is what is still different after it (and its repair)',
    labelNames: ['entity', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly lastRun = new Gauge({
    name: 'ficus_reconciliation_last_run_timestamp_seconds',
    help: 'When the last reconciliation finished (Unix time)',
    labelNames: ['entity'] as const,
    registers: [this.registry],
  });

  constructor(private readonly sync: LegacySync) {}

  @Post('sync/reconcile')
  @HttpCode(200)
  async reconcile(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReconciliationReport | Problem> {
    const reconciliation = this.sync.reconciliation;
    if (!reconciliation) return disabled(res);
    const { repair = false, chunkSize } = (body ?? {}) as { repair?: unknown; chunkSize?: unknown };
    if (
      typeof repair !== 'boolean' ||
      (chunkSize !== undefined &&
        (!Number.isInteger(chunkSize) || (chunkSize as number) < 1 || (chunkSize as number) > 1e6))
    ) {
      res.status(400);
      return {
        code: 'FICUS_PATIENTS_RECONCILIATION_REQUEST',
        message:
          'the body is { "repair": true|false, "chunkSize": 1..1000000 (optional, ids per chunk) }',
      };
    }
    try {
      const report = await reconciliation.run({
        repair,
        chunkSize: chunkSize as number | undefined,
      });
      this.record(report);
      return report;
    } catch (err) {
      if (!(err instanceof ReconciliationRunningError)) throw err;
      res.status(409);
      return { code: err.code, message: err.message };
    }
  }

  @Get('sync/reconciliation')
  last(@Res({ passthrough: true }) res: Response): ReconciliationReport | Problem {
    const reconciliation = this.sync.reconciliation;
    if (!reconciliation) return disabled(res);
    const report = reconciliation.lastReport();
    if (report) return report;
    res.status(404);
    return {
      code: 'FICUS_PATIENTS_RECONCILIATION_NONE',
      message: 'no reconciliation has run since the service started: POST /sync/reconcile',
    };
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.registry.contentType);
    return this.registry.metrics();
  }

  private record(report: ReconciliationReport): void {
    const untranslatable = (side: Record<string, number>) =>
      Object.values(side).reduce((a, b) => a + b, 0);
    const kinds: Record<string, number> = {
      missing: report.missing,
      extra: report.extra,
      differing: report.differing,
      untranslatable:
        untranslatable(report.untranslatable.legacy) +
        untranslatable(report.untranslatable.service),
      unsettled: report.unsettled,
      remaining: report.remaining,
    };
    for (const [kind, n] of Object.entries(kinds))
      this.differences.set({ entity: ENTITY, kind }, n);
    this.lastRun.set({ entity: ENTITY }, Date.parse(report.finishedAt) / 1000);
  }
}
