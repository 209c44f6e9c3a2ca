import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The `practitioners` row. The table itself is made by migrations; this only maps it. */
@Entity({ name: 'practitioners' })
export class PractitionerOrmEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'given_name', type: 'varchar' })
  givenName!: string;

  @Column({ name: 'family_name', type: 'varchar' })
  familyName!: string;

  @Column({ type: 'varchar', nullable: true })
  specialty!: string | null;

  @Column({ type: 'varchar', nullable: true })
  npi!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'source_position', type: 'varchar', nullable: true })
  sourcePosition!: string | null;
}
