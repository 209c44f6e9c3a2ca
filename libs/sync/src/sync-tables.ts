import { DEAD_LETTERS_TABLE } from './sync-dead-letters';
import { SYNC_MARKER_TABLE } from './sync-marker';

/**
 * The sync's tables in a service's own database, for that service's migration to create.
 * `ficus_sync_marker` is written first in every transaction that applies a legacy change, so the
 * write-back connector skips it (no echo). `legacy_sync_dead_letters` keeps the changes a sync
 * could not apply (a row the adapter refuses), with the reason, for an operator to fix and replay;
 * the stream goes on without them. A migration that ran cannot change: a later shape of these
 * tables is a new constant, never an edit of this one.
 */
export const SYNC_SERVICE_TABLES_DDL_V1: readonly string[] = [
  `CREATE TABLE ${SYNC_MARKER_TABLE} (
      writer VARCHAR(64) NOT NULL,
      seq    BIGINT NOT NULL,
      PRIMARY KEY (writer)
    ) ENGINE=InnoDB`,
  `CREATE TABLE ${DEAD_LETTERS_TABLE} (
      id              BIGINT NOT NULL AUTO_INCREMENT,
      direction       VARCHAR(16) NOT NULL,
      reason_code     VARCHAR(64) NOT NULL,
      reason          VARCHAR(2000) NOT NULL,
      source_table    VARCHAR(130) NOT NULL,
      position        VARCHAR(255) NOT NULL,
      idempotency_key VARCHAR(255) NULL,
      payload         LONGTEXT NOT NULL,
      created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_dead_letters_direction (direction)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

/** Undoes SYNC_SERVICE_TABLES_DDL_V1. */
export const SYNC_SERVICE_TABLES_DROP_V1: readonly string[] = [
  `DROP TABLE ${DEAD_LETTERS_TABLE}`,
  `DROP TABLE ${SYNC_MARKER_TABLE}`,
];
