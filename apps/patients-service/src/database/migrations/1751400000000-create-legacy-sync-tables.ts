import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNC_SERVICE_TABLES_DDL_V1, SYNC_SERVICE_TABLES_DROP_V1 } from '@ficus/sync';

/** The two-way sync's tables in the service's database (the sync library says what each is for). */
export class CreateLegacySyncTables1751400000000 implements MigrationInterface {
  name = 'CreateLegacySyncTables1751400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of SYNC_SERVICE_TABLES_DDL_V1) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of SYNC_SERVICE_TABLES_DROP_V1) await queryRunner.query(sql);
  }
}
