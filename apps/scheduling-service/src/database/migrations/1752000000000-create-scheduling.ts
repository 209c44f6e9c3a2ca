import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own scheduling tables. Ids are the clinic's (PRAC_ID, APPT_ID, PAT_ID), so both
 * sides name a practitioner, a visit and a patient the same way during the migration. The
 * collation is the clinic's (utf8mb4_unicode_ci): practitioner names then sort exactly as the
 * monolith sorts them, which parity relies on. `source_position` records the binlog position of
 * the last legacy change applied to a row (null: the service wrote it), so a change delivered
 * twice is recognised. `patient_references` holds only what booking needs to know of a patient
 * (does it exist, is it merged or deceased): the patients themselves live elsewhere.
 */
export class CreateScheduling1752000000000 implements MigrationInterface {
  name = 'CreateScheduling1752000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE practitioners (
      id               INT NOT NULL,
      given_name       VARCHAR(40) NOT NULL,
      family_name      VARCHAR(40) NOT NULL,
      specialty        VARCHAR(4) NULL,
      npi              VARCHAR(10) NULL,
      active           BOOLEAN NOT NULL,
      created_at       DATETIME(3) NULL,
      updated_at       DATETIME(3) NULL,
      source_position  VARCHAR(255) NULL,
      PRIMARY KEY (id),
      KEY ix_practitioners_name (family_name, given_name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`CREATE TABLE appointments (
      id                  INT NOT NULL AUTO_INCREMENT,
      patient_id          INT NOT NULL,
      practitioner_id     INT NOT NULL,
      start_date          DATE NOT NULL,
      start_time          TIME NOT NULL,
      duration_minutes    SMALLINT NOT NULL,
      status              ENUM('booked', 'fulfilled', 'noshow', 'cancelled') NOT NULL,
      reason              VARCHAR(100) NULL,
      cancellation_reason VARCHAR(100) NULL,
      created_at          DATETIME(3) NULL,
      updated_at          DATETIME(3) NULL,
      source_position     VARCHAR(255) NULL,
      PRIMARY KEY (id),
      KEY ix_appointments_practitioner_day (practitioner_id, start_date, start_time),
      KEY ix_appointments_day (start_date, start_time),
      KEY ix_appointments_patient (patient_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`CREATE TABLE patient_references (
      id               INT NOT NULL,
      status           ENUM('active', 'inactive', 'deceased', 'merged') NOT NULL,
      merged_into      INT NULL,
      version          INT NOT NULL,
      source_position  VARCHAR(255) NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patient_references');
    await queryRunner.query('DROP TABLE appointments');
    await queryRunner.query('DROP TABLE practitioners');
  }
}
