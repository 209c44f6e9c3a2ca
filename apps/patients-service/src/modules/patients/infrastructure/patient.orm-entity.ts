import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Gender } from '@ficus/legacy-adapter';

/**
 * The `patients` row. The table itself is made by migrations; this only maps it. Address parts
 * are all NULL when there is no address, '' for an empty part of an address that exists.
 */
@Entity({ name: 'patients' })
export class PatientOrmEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'given_name', type: 'varchar' })
  givenName!: string;

  @Column({ name: 'middle_names', type: 'varchar' })
  middleNames!: string;

  @Column({ name: 'family_name', type: 'varchar' })
  familyName!: string;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ type: 'enum', enum: ['male', 'female', 'unknown'], nullable: true })
  gender!: Gender | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'boolean' })
  deceased!: boolean;

  @Column({ name: 'address_line1', type: 'varchar', nullable: true })
  addressLine1!: string | null;

  @Column({ name: 'address_line2', type: 'varchar', nullable: true })
  addressLine2!: string | null;

  @Column({ name: 'address_city', type: 'varchar', nullable: true })
  addressCity!: string | null;

  @Column({ name: 'address_state', type: 'varchar', nullable: true })
  addressState!: string | null;

  @Column({ name: 'address_postal_code', type: 'varchar', nullable: true })
  addressPostalCode!: string | null;

  @Column({ type: 'varchar', nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', nullable: true })
  email!: string | null;

  @Column({ name: 'merged_into', type: 'int', nullable: true })
  mergedInto!: number | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'source_position', type: 'varchar', nullable: true })
  sourcePosition!: string | null;
}
