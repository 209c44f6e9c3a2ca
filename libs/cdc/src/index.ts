/**
 * Binlog change data capture: the connector that the standalone `cdc-connector` app runs with a
 * Kafka transport, and that services embed with in-process handlers.
 */
export { CdcConnector, type CdcConnectorOptions } from './connector';
export type { ConnectorState, ConnectorStatus } from './connector-state';
export { loadConnectorConfig, validateConnectorConfig } from './config/config.loader';
export {
  SNAPSHOT_MODES,
  type ConnectorConfig,
  type ConnectorConfigInput,
  type JsonLinesTransportConfig,
  type KafkaTransportConfig,
  type OffsetsConfig,
  type SnapshotMode,
} from './config/connector-config.schema';
export { createOffsetStore } from './offsets/offset-store.factory';
export type { OffsetStore, StoredOffset } from './offsets/stored-offset';
export { startHttpEndpoint } from './health/http-endpoint';
export { IncrementalSnapshots } from './snapshot/incremental-snapshots';
export {
  EmbeddedSink,
  type ChangeHandler,
  type EmbeddedSinkOptions,
} from './transport/embedded-sink';
export { KafkaSink } from './transport/kafka-sink';
export { JsonLinesSink, type JsonLinesSinkOptions } from './transport/json-lines-sink';
