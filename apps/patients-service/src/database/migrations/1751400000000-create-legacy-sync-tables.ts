import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two-way sync's tables in the service's database. `ficus_sync_marker` is written first in
 * every transaction that applies a clinic change, so the write-back connector skips it (no echo).
 * `legacy_sync_dead_letters` keeps the changes a sync could not apply (a row the adapter refuses),
 * with the reason, for an operator to fix and replay; the stream goes on without them.
 */
export class CreateLegacySyncTables1751400000000 implements MigrationInterface {
  name = 'CreateLegacySyncTables1751400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ficus_sync_marker (
      writer VARCHAR(64) NOT NULL,
      seq    BIGINT NOT NULL,
      PRIMARY KEY (writer)
    ) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE legacy_sync_dead_letters (
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
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE legacy_sync_dead_letters');
    await queryRunner.query('DROP TABLE ficus_sync_marker');
  }
}
