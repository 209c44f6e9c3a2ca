import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own patient table. `id` is the legacy PAT_ID, so both sides name a patient the
 * same way during the migration. The collation is the clinic's (utf8mb4_unicode_ci): name
 * prefixes then match and sort exactly as the monolith's search does, which parity relies on.
 * `source_position` records the binlog position of the last legacy change applied, so a change
 * delivered twice is recognised.
 */
export class CreatePatients1751360000000 implements MigrationInterface {
  name = 'CreatePatients1751360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE patients (
      id               INT NOT NULL AUTO_INCREMENT,
      given_name       VARCHAR(40) NOT NULL,
      middle_names     VARCHAR(40) NOT NULL DEFAULT '',
      family_name      VARCHAR(40) NOT NULL,
      birth_date       DATE NULL,
      gender           ENUM('male', 'female', 'unknown') NULL,
      active           BOOLEAN NOT NULL,
      deceased         BOOLEAN NOT NULL,
      address_line1    VARCHAR(200) NULL,
      address_line2    VARCHAR(200) NULL,
      address_city     VARCHAR(200) NULL,
      address_state    VARCHAR(200) NULL,
      address_postal_code VARCHAR(200) NULL,
      phone            VARCHAR(30) NULL,
      email            VARCHAR(100) NULL,
      merged_into      INT NULL,
      version          INT NOT NULL,
      created_at       DATETIME(3) NULL,
      updated_at       DATETIME(3) NULL,
      source_position  VARCHAR(255) NULL,
      PRIMARY KEY (id),
      KEY ix_patients_name (family_name, given_name),
      KEY ix_patients_birth_date (birth_date),
      KEY ix_patients_merged_into (merged_into)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patients');
  }
}
