/**
 * The two-way sync between a carved-out service and the legacy database, shared by every service
 * that keeps one: supervised embedded connectors (inbound with an initial snapshot, write-back from
 * the service's binlog), the no-echo marker, dead letters in the service's database, and the
 * status and readiness routes. A service supplies what is its own: how a legacy change is applied
 * and how its records are written back.
 */
export { rowChangeOf, type RowChange } from './change-records';
export { directionHandler, type SyncChangeApplier } from './direction-handler';
export { LegacyDatabase } from './legacy-database';
export {
  LegacyRowWriter,
  type LegacyRowShape,
  type LegacyWriteOutcome,
  type SystemOfRecordPhase,
} from './legacy-row-writer';
export {
  syncConnectorConfigs,
  type SyncConnectorConfigs,
  type SyncConnectorsInput,
} from './sync-connector-configs';
export {
  DEAD_LETTERS_TABLE,
  SyncDeadLetters,
  type SqlQueryable,
  type SyncDirection,
} from './sync-dead-letters';
export { syncFailure } from './sync-failure';
export {
  SYNC_MARKER_TABLE,
  legacyMarkerTable,
  markSyncTransaction,
  syncMarkerDdl,
  writeThroughWriter,
  type SqlRunner,
  type SyncWriter,
} from './sync-marker';
export { SyncRunner, type SyncRunnerOptions, type SyncRunnerStatus } from './sync-runner';
export { SyncStatusHttpController, SyncStatusSource } from './sync-status.http.controller';
export { SYNC_SERVICE_TABLES_DDL_V1, SYNC_SERVICE_TABLES_DROP_V1 } from './sync-tables';
export {
  SYNC_DISABLED,
  TwoWaySync,
  type DirectionStatus,
  type LegacySyncStatus,
  type TwoWaySyncOptions,
} from './two-way-sync';
