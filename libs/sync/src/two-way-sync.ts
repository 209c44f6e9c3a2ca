import { CdcConnector, type ConnectorConfig } from '@ficus/cdc';
import type { Logger } from '@ficus/core';
import { directionHandler, type SyncChangeApplier } from './direction-handler';
import type { LegacyDatabase } from './legacy-database';
import type { SyncConnectorConfigs } from './sync-connector-configs';
import { SyncDeadLetters, type SqlQueryable, type SyncDirection } from './sync-dead-letters';
import { SyncRunner, type SyncRunnerStatus } from './sync-runner';

export type DirectionStatus = SyncRunnerStatus & {
  /** Row changes handled since the service started (applied, or found already applied). */
  changes: number;
  deadLetters: number;
};

export interface LegacySyncStatus {
  enabled: boolean;
  /** The service holds the legacy data (inbound snapshot done) and write-back is reading. */
  ready: boolean;
  inbound: DirectionStatus | null;
  writeBack: DirectionStatus | null;
}

/** What /sync/status says of a service that runs without a legacy database. */
export const SYNC_DISABLED: LegacySyncStatus = {
  enabled: false,
  ready: true,
  inbound: null,
  writeBack: null,
};

export interface TwoWaySyncOptions {
  configs: SyncConnectorConfigs;
  legacy: LegacyDatabase;
  /** The service's own database, which holds legacy_sync_dead_letters. */
  serviceDatabase: SqlQueryable;
  logger: Logger;
  /** Legacy → service. */
  inbound: SyncChangeApplier;
  /** Service → legacy; its writes to the legacy database mark with `legacy.markerTable`. */
  writeBack: SyncChangeApplier;
  backoff?: { initialMs: number; maxMs: number };
}

const LABELS: Record<SyncDirection, string> = {
  inbound: 'legacy → service',
  'write-back': 'service → legacy',
};

/**
 * The two-way sync with the legacy database, one supervised embedded connector per direction.
 * Write-back starts first and is waited for, so its starting position precedes the first request
 * the service answers; the inbound snapshot runs in the background and readiness reports when it
 * is done. A change either direction cannot apply is dead-lettered in the service's database.
 */
export class TwoWaySync {
  private readonly runners: Record<SyncDirection, SyncRunner>;
  private readonly deadLetters: SyncDeadLetters;
  private readonly changes: Record<SyncDirection, number> = { inbound: 0, 'write-back': 0 };

  constructor(options: TwoWaySyncOptions) {
    const { configs, legacy, logger } = options;
    this.deadLetters = new SyncDeadLetters(options.serviceDatabase, logger);
    const runner = (
      direction: SyncDirection,
      config: ConnectorConfig,
      apply: SyncChangeApplier,
      prepare: () => Promise<void>,
    ) => {
      const log = logger.child({ sync: direction });
      return new SyncRunner({
        logger: log,
        backoff: options.backoff,
        connect: async () => {
          await prepare();
          return new CdcConnector({
            config,
            handlers: [
              directionHandler(LABELS[direction], config.source.tables, apply, () => {
                this.changes[direction]++;
              }),
            ],
            deadLetterHandler: this.deadLetters.handler(direction),
            logger: log,
          });
        },
      });
    };
    this.runners = {
      inbound: runner('inbound', configs.inbound, options.inbound, () => Promise.resolve()),
      'write-back': runner('write-back', configs.writeBack, options.writeBack, () =>
        legacy.ensureMarkerTable(),
      ),
    };
  }

  async start(): Promise<void> {
    await this.runners['write-back'].start();
    void this.runners.inbound.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.runners.inbound.stop(), this.runners['write-back'].stop()]);
  }

  async status(): Promise<LegacySyncStatus> {
    const [inbound, writeBack] = await Promise.all([
      this.directionStatus('inbound'),
      this.directionStatus('write-back'),
    ]);
    return {
      enabled: true,
      ready: inbound.snapshotCompleted && writeBack.snapshotCompleted,
      inbound,
      writeBack,
    };
  }

  private async directionStatus(direction: SyncDirection): Promise<DirectionStatus> {
    const [status, deadLetters] = await Promise.all([
      this.runners[direction].status(),
      this.deadLetters.count(direction),
    ]);
    return { ...status, changes: this.changes[direction], deadLetters };
  }
}
